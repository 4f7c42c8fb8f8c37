/**
 * The local runtime: the synthesized CDK app, offline, behind one AWS-compatible endpoint and the HTTP API.
 *
 * @example
 * import { startLocalRuntime, LiveLog } from './local/runtime/index.ts';
 *
 * const runtime = await startLocalRuntime({ assemblyDir: 'cdk.out', port: 4566, apiPort: 3000,
 *   log: new LiveLog({ sink: (line) => console.log(line), colour: process.stdout.isTTY }) });
 * // AWS_ENDPOINT_URL=runtime.endpointUrl; the HTTP API at runtime.apiUrl
 * await runtime.stop();
 */
export { startLocalRuntime, DEFAULT_API_PORT, type LocalRuntime, type LocalRuntimeOptions } from './start-local-runtime.ts';
export { LiveLog, type LogKind, type LogSink } from './live-log.ts';
export { StartTimeline, describeEngineTimes, type StartPhase } from './start-timeline.ts';
export { scheduleRuntimeRules } from './scheduled-rules.ts';
export { TargetRouter, UnknownTargetError } from './target-router.ts';
export { UnsupportedTemplateError, describeUnsupported, summarizeWarnings } from './errors.ts';
export { ADMIN_REQUEST_HEADER } from '../endpoint/index.ts';
export { adminRoutes, ACTIVITY_PATH, CHAOS_PATH, QUIET_PATH, SCHEDULES_PATH, STATUS_PATH, type ActivityLine, type AdminRoutes } from './admin-routes.ts';
export { runtimeStatus, type RuntimeStatus } from './runtime-status.ts';
export { quietState, whenQuiet, type QuietParts, type QuietState } from './quiet.ts';
export { PortInUseError, reservePort } from './ports.ts';
export { NotQuietError, untilQuiet, type QuietOptions } from './quiet.ts';
