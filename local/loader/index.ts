/**
 * The template loader: reads `cdk.out` and produces the {@link LocalTopology} every emulated service is built from.
 *
 * @example
 * import { loadTopology } from './local/loader/index.ts';
 * const topology = await loadTopology({ assemblyDir: 'cdk.out', endpointUrl: 'http://localhost:4566' });
 */
export { loadTopology, DEFAULT_ACCOUNT_ID, DEFAULT_REGION, type LoadTopologyOptions } from './load-topology.ts';
export {
  TemplateLoadError,
  AssemblyReadError,
  UnresolvableIntrinsicError,
  InvalidTemplateValueError,
  type TemplateLocation,
} from './errors.ts';
export {
  SUPPORTED_RESOURCES,
  INERT_RESOURCES,
  UNSUPPORTED_RESOURCES,
  classifyResource,
  type SupportedResource,
  type UnsupportedReason,
  type Severity,
} from './resource-support.ts';
export { LOCAL_STREAM_LABEL, queueUrl } from './arns.ts';
export type { LocalTopology } from '../topology/types.ts';
