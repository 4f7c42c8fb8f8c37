import { App, type AppProps, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { allFunctionEntries, bundlerOf } from './bundling/house-bundling.ts';
import { EventfulStack } from './stacks/eventful-stack.ts';

const cdkJson = new URL('../cdk.json', import.meta.url);

/**
 * The feature flags of `cdk.json`. The CDK CLI passes them to the app itself; an app built
 * in-process (tests, the catalog generator) reads them here, so both synthesize the same template.
 */
export function featureFlags(): Record<string, unknown> {
  const { context } = JSON.parse(readFileSync(cdkJson, 'utf8')) as { context?: Record<string, unknown> };
  return context ?? {};
}

export interface CheckedAppOptions {
  /**
   * Run cdk-nag's AwsSolutions checks at synth. A policy validation plugin reads the synthesized templates and
   * reports; it cannot change them, so an app synthesized without it writes the same templates (test/infra/cdk-nag
   * pins this). `npm start` goes without it: the deploy gate is `cdk synth`/`cdk deploy` and the infra tests.
   * @default true
   */
  readonly nag?: boolean;
}

/**
 * An App with the project's feature flags and cdk-nag's AwsSolutions checks, which run on every
 * synth: an unacknowledged finding fails it, and every finding is in `<outdir>/validation-report.json`.
 * cdk-nag 3 is a policy validation plugin (`Validations`), no longer an Aspect.
 */
export function createCheckedApp(props: AppProps = {}, options: CheckedAppOptions = {}): App {
  const app = new App({ ...props, context: { ...featureFlags(), ...props.context } });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

/** Whether any stack is bundled: `aws:cdk:bundling-stacks` set to `[]` (as tests do) turns bundling off. */
function bundlingRequested(app: App): boolean {
  const stacks: unknown = app.node.tryGetContext(cxapi.BUNDLING_STACKS);
  return !Array.isArray(stacks) || stacks.length > 0;
}

/**
 * The app `cdk deploy` ships, built in one place so tests, the catalog generator and the local
 * runtime synthesize exactly the same thing.
 */
export function createEventfulApp(props: AppProps = {}, options: CheckedAppOptions = {}): App {
  const app = createCheckedApp(props, options);
  // Every function bundled in one esbuild build, before the constructs ask for theirs one by one.
  if (bundlingRequested(app)) bundlerOf(app).prepare(allFunctionEntries());
  // Environment-agnostic on purpose: synth needs no account, credentials or lookups.
  new EventfulStack(app, 'Eventful', { description: 'eventful: an event-driven serverless commerce system' });
  return app;
}
