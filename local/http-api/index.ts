/**
 * API Gateway HTTP APIs for the local runtime: every route of the topology's HTTP APIs on one port, selected
 * as API Gateway selects routes, with Lambda proxy integrations receiving the payload format 1.0 or 2.0 event
 * AWS builds and their responses mapped back as AWS documents; CORS preflights, 404/413/500/503 gateway
 * responses and the `apigw-requestid` header included.
 *
 * @example
 * import { HttpApiServer } from './local/http-api/index.ts';
 *
 * const api = new HttpApiServer(topology.httpApis, {
 *   lambda, accountId: topology.accountId, region: topology.region,
 *   onActivity: (entry) => liveLog.http(entry), // one access-log entry per request
 * });
 * const { url } = await api.listen(apiPort); // 0 = a free port
 * await api.close();
 */
export { HttpApiServer } from './http-api-server.ts';
export { HttpApiConfigError } from './errors.ts';
export { DEFAULT_INTEGRATION_TIMEOUT_MS, MAX_PAYLOAD_BYTES } from './constants.ts';
export type { HttpApiActivity, HttpApiError, HttpApiLambda, HttpApiServerOptions, ListeningAddress } from './types.ts';
