import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { AssemblyReadError, loadTopology } from '../../loader/index.ts';
import { PLAIN_ASSET } from './fixtures/commerce-app.ts';
import { synth, type SynthesizedApp } from './support/synth.ts';
import { ENDPOINT, byPath } from './support/topology.ts';

describe('reading the cloud assembly', () => {
  let app: SynthesizedApp | undefined;
  afterEach(() => app?.remove());

  const plainFunction = (scope: Stack, id: string, environment: Record<string, string> = {}) =>
    new lambda.Function(scope, id, { code: lambda.Code.fromAsset(PLAIN_ASSET), handler: 'app.main', runtime: lambda.Runtime.NODEJS_22_X, environment });

  it('finds code, nested templates and construct paths without the CLI’s template metadata', async () => {
    // Prepare
    app = synth(
      (cdkApp) => {
        const stack = new Stack(cdkApp, 'Bare');
        const queue = new sqs.Queue(stack, 'Queue');
        const nested = new NestedStack(stack, 'Inner');
        new sqs.Queue(nested, 'InnerQueue', { queueName: 'inner-queue' });
        plainFunction(nested, 'InnerFunction', { OUTER_QUEUE_URL: queue.queueUrl });
      },
      { cliMetadata: false },
    );

    // Act
    const topology = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });

    // Assess
    const inner = byPath(topology.functions, 'Bare/Inner/InnerFunction/Resource');
    expect(existsSync(join(inner.codeDir, 'app.js'))).toBe(true);
    expect(inner.environment['OUTER_QUEUE_URL']).toBe(byPath(topology.queues, 'Bare/Queue/Resource').url);
    expect(byPath(topology.queues, 'Bare/Inner/InnerQueue/Resource').name).toBe('inner-queue');
  });

  it('reads the stacks of a CDK stage from its nested assembly, under the stage’s stack names', async () => {
    // Prepare
    app = synth((cdkApp) => {
      const stage = new Stage(cdkApp, 'Prod');
      plainFunction(new Stack(stage, 'Api'), 'Handler');
    });

    // Act
    const topology = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });

    // Assess
    const handler = byPath(topology.functions, 'Prod/Api/Handler/Resource');
    expect(handler.stackName).toBe('Prod-Api');
    expect(handler.name).toMatch(/^Prod-Api-Handler[0-9A-F]{8}-[A-Z0-9]{12}$/);
    expect(existsSync(join(handler.codeDir, 'app.js'))).toBe(true);
  });

  it('fails naming the manifest when the directory holds no cloud assembly', async () => {
    // Act
    const load = loadTopology({ assemblyDir: '/nonexistent/cdk.out', endpointUrl: ENDPOINT });

    // Assess
    await expect(load).rejects.toThrow(AssemblyReadError);
    await expect(load).rejects.toThrow(
      'Cannot read the cloud assembly at /nonexistent/cdk.out/manifest.json: the manifest cannot be read (run `cdk synth` first)',
    );
  });
});
