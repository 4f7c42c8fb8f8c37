import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { UnresolvableIntrinsicError, loadTopology } from '../../loader/index.ts';
import { synth, type SynthesizedApp } from './support/synth.ts';
import { ENDPOINT, unsupportedOf } from './support/topology.ts';

describe('loadTopology on templates it cannot run as written', () => {
  let app: SynthesizedApp | undefined;
  afterEach(() => app?.remove());

  const inlineFunction = (stack: Stack, id: string, props: Partial<lambda.FunctionProps> = {}) =>
    new lambda.Function(stack, id, {
      code: lambda.Code.fromInline('exports.handler = async () => 1;'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      ...props,
    });

  it('fails on an intrinsic it cannot resolve, naming the stack, resource, property and intrinsic', async () => {
    // Prepare
    app = synth((cdkApp) => {
      const stack = new Stack(cdkApp, 'Broken');
      const queue = new sqs.Queue(stack, 'Queue');
      const fn = inlineFunction(stack, 'Worker');
      (fn.node.defaultChild as lambda.CfnFunction).addPropertyOverride('Environment.Variables.BROKEN', {
        'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue), 'Nope'],
      });
    });

    // Act
    const load = loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });

    // Assess
    await expect(load).rejects.toThrow(UnresolvableIntrinsicError);
    await expect(load).rejects.toThrow(
      /^Cannot resolve \{"Fn::GetAtt":\["Queue4A7E3555","Nope"\]\} \(stack Broken, Worker[0-9A-F]{8}, property Environment\.Variables\.BROKEN\): attribute Nope of AWS::SQS::Queue Queue4A7E3555 is not known locally/,
    );
  });

  it('never resolves what the runtime ignores, so an odd intrinsic in an inert resource does not stop it', async () => {
    // Prepare
    app = synth((cdkApp) => {
      const stack = new Stack(cdkApp, 'Lenient');
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      (role.node.defaultChild as iam.CfnRole).addPropertyOverride('Description', { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] });
      inlineFunction(stack, 'Worker', { role });
    });

    // Act
    const topology = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });

    // Assess
    expect(topology.functions).toHaveLength(1);
    expect(topology.unsupported).toEqual([]);
  });

  it.each<[string, (stack: Stack) => void, string, 'warning' | 'error']>([
    [
      'a function using layers',
      (stack) =>
        inlineFunction(stack, 'Fn', {
          layers: [lambda.LayerVersion.fromLayerVersionArn(stack, 'Layer', 'arn:aws:lambda:us-east-1:123456789012:layer:tools:1')],
        }),
      'property Layers is not emulated: layer contents are not loaded: code that imports from a layer (/opt) fails at init',
      'warning',
    ],
    [
      'a function whose code is in a bucket outside the app',
      (stack) =>
        new lambda.Function(stack, 'Fn', {
          code: lambda.Code.fromBucket(s3.Bucket.fromBucketName(stack, 'Code', 'artifacts'), 'fn.zip'),
          handler: 'index.handler',
          runtime: lambda.Runtime.NODEJS_22_X,
        }),
      'function reads code from S3 object fn.zip, which is not an asset of this cloud assembly: only code staged by CDK (assets or inline code) runs locally',
      'error',
    ],
    [
      'a high-throughput FIFO queue',
      (stack) =>
        new sqs.Queue(stack, 'Fn', {
          fifo: true,
          deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
          fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        }),
      'high-throughput FIFO (DeduplicationScope messageGroup, FifoThroughputLimit perMessageGroupId) is not emulated: deduplication applies to the whole queue',
      'warning',
    ],
    ['a function URL', (stack) => inlineFunction(stack, 'Fn').addFunctionUrl(), 'function URLs are not served locally; use an HTTP API route', 'warning'],
    [
      'a SAM transform',
      (stack) => stack.addTransform('AWS::Serverless-2016-10-31'),
      'transform AWS::Serverless-2016-10-31 is not applied locally: the template is read as written',
      'error',
    ],
  ])('reports %s with a reason naming it', async (_what, define, reason, severity) => {
    // Prepare
    app = synth((cdkApp) => define(new Stack(cdkApp, 'Odd')));

    // Act
    const topology = await loadTopology({ assemblyDir: app.assemblyDir, endpointUrl: ENDPOINT });

    // Assess
    expect(topology.unsupported).toContainEqual(expect.objectContaining({ stackName: 'Odd', reason, severity }));
    expect(unsupportedOf(topology, '').length).toBe(1);
  });
});
