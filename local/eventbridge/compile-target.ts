import type { TargetKind, TargetSpec } from '../topology/types.ts';
import { DEFAULT_RETRY_POLICY } from './constants.ts';
import { compileInputTemplate, type TemplateContext } from './input-template.ts';
import { compileJsonPath } from './json-path.ts';
import type { EventEnvelope } from './types.ts';

/** The payload a target receives for one event, or why it gets none. */
export type TargetInput = { ok: true; payload: string } | { ok: false; code: 'INVALID_JSON' | 'INVALID_PARAMETER'; message: string };

/** A target with its input settings and partition key path compiled once, when the rule loads. */
export interface CompiledTarget {
  readonly spec: TargetSpec;
  /** What the target receives: `Input`, `InputPath`, `InputTransformer`, or the whole event. */
  input(event: EventEnvelope, context: TemplateContext): TargetInput;
  /** Kinesis partition key: `PartitionKeyPath` read from the original event, else the event id. */
  partitionKey(event: EventEnvelope): string;
}

/**
 * Compiles a target's settings. At most one of `Input`, `InputPath` and `InputTransformer` shapes the payload
 * (API_Target); dynamic paths (`PartitionKeyPath`) read the original event, not the transformed one.
 *
 * @throws InvalidPlaceholderError, JsonPathSyntaxError when the settings could not be deployed.
 */
export function compileTarget(spec: TargetSpec): CompiledTarget {
  const input = compileInput(spec);
  const partitionKeyPath = spec.kinesisPartitionKeyPath === undefined ? undefined : compileJsonPath(spec.kinesisPartitionKeyPath);
  return {
    spec,
    input,
    partitionKey(event) {
      // AWS: "If you do not include this parameter, the default is to use the eventId as the partition key."
      const found = partitionKeyPath?.(event);
      if (!found?.found || found.value === null || found.value === undefined) return event.id;
      return typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
    },
  };
}

function compileInput(spec: TargetSpec): CompiledTarget['input'] {
  if (spec.input !== undefined) {
    const constant = spec.input;
    return () => ({ ok: true, payload: constant });
  }
  if (spec.inputPath !== undefined) {
    const path = compileJsonPath(spec.inputPath);
    const text = spec.inputPath;
    return (event) => {
      const found = path(event);
      if (!found.found) return { ok: false, code: 'INVALID_PARAMETER', message: `InputPath ${text} matched nothing in the event` };
      return { ok: true, payload: JSON.stringify(found.value) };
    };
  }
  if (spec.inputTransformer !== undefined) {
    const template = compileInputTemplate(spec.inputTransformer.inputTemplate, spec.inputTransformer.inputPathsMap);
    return (event, context) => {
      const result = template(event, context);
      return result.ok ? { ok: true, payload: result.text } : { ok: false, code: 'INVALID_JSON', message: result.message };
    };
  }
  return (event) => ({ ok: true, payload: JSON.stringify(event) });
}

/** The kind of target an ARN names, as the loader classifies them. */
export function targetKindOf(arn: string): TargetKind {
  const [, , service, , , ...resource] = arn.split(':');
  if (service === 'lambda') return 'lambda';
  if (service === 'sqs') return 'sqs';
  if (service === 'kinesis') return 'kinesis';
  if (service === 'events' && resource.join(':').startsWith('event-bus/')) return 'event-bus';
  return 'unsupported';
}

/** A target spec with AWS's defaults for what was left out. */
export function withTargetDefaults(spec: Omit<TargetSpec, 'retryPolicy' | 'kind'> & Partial<Pick<TargetSpec, 'retryPolicy' | 'kind'>>): TargetSpec {
  return { ...spec, kind: spec.kind ?? targetKindOf(spec.arn), retryPolicy: spec.retryPolicy ?? { ...DEFAULT_RETRY_POLICY } };
}
