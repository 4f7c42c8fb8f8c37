/**
 * @eventful/local: runs a synthesized AWS CDK app offline on one machine, without Docker, against real local
 * engines (DynamoDB Local, kinesalite, fauxqs) and our own EventBridge, Lambda, event source mapping, Scheduler
 * and HTTP API emulation. It knows no app: an app plugs in through the hooks of `start` (synthesis, seeding)
 * and the conventions in `@eventful/local/conventions`; AWS's limits are in `@eventful/local/aws`.
 *
 * @example
 * import { startLocalRuntime, LiveLog } from '@eventful/local';
 *
 * const runtime = await startLocalRuntime({ assemblyDir: 'cdk.out', port: 4566, apiPort: 3000,
 *   log: new LiveLog({ sink: (line) => console.log(line), colour: process.stdout.isTTY }) });
 * // AWS_ENDPOINT_URL=runtime.endpointUrl; the HTTP API at runtime.apiUrl
 * await runtime.stop();
 */
export * from './runtime/index.ts';
export * from './cli/index.ts';
export { LOCAL_DEFAULT_TAG, LOCAL_VALUE_FROM_ENV_TAG } from './conventions.ts';
export type { LocalTopology } from './topology/types.ts';
