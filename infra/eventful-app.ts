import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EventfulStack } from './stacks/eventful-stack.ts';

/**
 * The app `cdk deploy` ships, built in one place so tests, the catalog generator and the local
 * runtime synthesize exactly the same thing. cdk-nag's AwsSolutions pack runs on every synth.
 */
export function createEventfulApp(props: AppProps = {}): App {
  const app = new App(props);
  // Environment-agnostic on purpose: synth needs no account, credentials or lookups.
  new EventfulStack(app, 'Eventful', { description: 'eventful: an event-driven serverless commerce system' });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}
