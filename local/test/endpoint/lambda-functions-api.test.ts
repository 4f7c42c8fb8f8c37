import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListFunctionsCommand,
  paginateListFunctions,
  ResourceNotFoundException,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../runtime/index.ts';

const WRITER_CODE = fileURLToPath(new URL('../runtime/fixtures/writer', import.meta.url));
const OUT_ROOT = fileURLToPath(new URL('../runtime/fixtures/cdk.out', import.meta.url));
const NAMES = ['api-alpha', 'api-beta', 'api-gamma'];

/** Three functions; `api-beta` with the properties GetFunctionConfiguration describes beyond the defaults. */
function synthesizeThreeFunctions(): string {
  mkdirSync(OUT_ROOT, { recursive: true });
  const outdir = mkdtempSync(join(OUT_ROOT, 'lambda-api-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'LambdaApiFixture');
  for (const name of NAMES) {
    new lambda.Function(stack, name, {
      functionName: name,
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(WRITER_CODE),
      ...(name === 'api-beta'
        ? {
            description: 'the second one',
            timeout: Duration.seconds(7),
            memorySize: 256,
            architecture: lambda.Architecture.ARM_64,
            tracing: lambda.Tracing.ACTIVE,
            reservedConcurrentExecutions: 3,
            environment: { GREETING: 'hi' },
          }
        : {}),
    });
  }
  app.synth();
  return outdir;
}

describe('the Lambda API on the endpoint: ListFunctions, GetFunction, GetFunctionConfiguration', () => {
  let assemblyDir: string;
  let runtime: LocalRuntime;
  let client: LambdaClient;

  beforeAll(async () => {
    assemblyDir = synthesizeThreeFunctions();
    runtime = await startLocalRuntime({ assemblyDir, port: 0, apiPort: 0 });
    client = new LambdaClient({ endpoint: runtime.endpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  });

  afterAll(async () => {
    client?.destroy();
    await runtime?.stop();
    if (assemblyDir) rmSync(assemblyDir, { recursive: true, force: true });
  });

  it("lists the app's functions with their configuration", async () => {
    // Act
    const { Functions, NextMarker } = await client.send(new ListFunctionsCommand({}));

    // Assess
    expect(Functions?.map((fn) => fn.FunctionName)).toEqual(NAMES);
    expect(NextMarker).toBeUndefined();
    const beta = Functions?.find((fn) => fn.FunctionName === 'api-beta') as FunctionConfiguration;
    expect(beta).toMatchObject({
      FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:api-beta',
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Description: 'the second one',
      Timeout: 7,
      MemorySize: 256,
      Version: '$LATEST',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { GREETING: 'hi' } },
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      EphemeralStorage: { Size: 512 },
      LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/api-beta' },
    });
    expect(beta.CodeSize).toBeGreaterThan(0);
    expect(beta.CodeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(beta.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(beta.RevisionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('pages with MaxItems and Marker, as the SDK paginator follows them', async () => {
    // Act
    const first = await client.send(new ListFunctionsCommand({ MaxItems: 2 }));
    const second = await client.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }));
    const paged: string[] = [];
    for await (const page of paginateListFunctions({ client, pageSize: 1 }, {})) paged.push(...(page.Functions ?? []).map((fn) => fn.FunctionName ?? ''));

    // Assess
    expect(first.Functions?.map((fn) => fn.FunctionName)).toEqual(['api-alpha', 'api-beta']);
    expect(first.NextMarker).toEqual(expect.any(String));
    expect(second.Functions?.map((fn) => fn.FunctionName)).toEqual(['api-gamma']);
    expect(second.NextMarker).toBeUndefined();
    expect(paged).toEqual(NAMES);
  });

  it('refuses a MaxItems out of range and a Marker it never gave with InvalidParameterValueException', async () => {
    await expect(client.send(new ListFunctionsCommand({ MaxItems: 0 }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new ListFunctionsCommand({ Marker: 'not-a-marker' }))).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
  });

  it('gets a function by name or ARN: its configuration, code location and reserved concurrency', async () => {
    // Act
    const byName = await client.send(new GetFunctionCommand({ FunctionName: 'api-beta' }));
    const byArn = await client.send(new GetFunctionConfigurationCommand({ FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:api-beta' }));

    // Assess
    expect(byName.Configuration?.FunctionName).toBe('api-beta');
    expect(byName.Code).toEqual({ RepositoryType: 'S3', Location: expect.stringMatching(/^file:\/\//) });
    expect(byName.Concurrency).toEqual({ ReservedConcurrentExecutions: 3 });
    expect(byArn).toMatchObject({ FunctionName: 'api-beta', Timeout: 7, CodeSha256: byName.Configuration?.CodeSha256 });
  });

  it.each([
    ['an unknown function', { FunctionName: 'no-such-function' }, 'arn:aws:lambda:us-east-1:000000000000:function:no-such-function'],
    ['a version that does not exist locally', { FunctionName: 'api-alpha', Qualifier: '7' }, 'arn:aws:lambda:us-east-1:000000000000:function:api-alpha:7'],
  ])('answers %s with ResourceNotFoundException (404) naming its ARN', async (_case, input, arn) => {
    // Act
    const get = client.send(new GetFunctionCommand(input));
    const configuration = client.send(new GetFunctionConfigurationCommand(input));

    // Assess
    for (const call of [get, configuration]) {
      const error = await call.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect(error).toMatchObject({ $metadata: { httpStatusCode: 404 }, message: `Function not found: ${arn}` });
    }
  });

  it('works for the AWS CLI: aws lambda list-functions', async () => {
    // Act
    const { stdout } = await promisify(execFile)('aws', ['lambda', 'list-functions', '--endpoint-url', runtime.endpointUrl, '--output', 'json'], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });

    // Assess
    expect((JSON.parse(stdout) as { Functions: { FunctionName: string }[] }).Functions.map((fn) => fn.FunctionName)).toEqual(NAMES);
  });
});
