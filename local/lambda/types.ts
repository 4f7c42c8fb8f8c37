import type { Chaos } from '../chaos/chaos.ts';
import type { AsyncInvocationStore } from './async-invocations.ts';
import type { Clock } from '../clock.ts';
import type { RuntimeErrorBody } from './worker/protocol.ts';

export type { RuntimeErrorBody } from './worker/protocol.ts';

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

export interface InvokeOptions {
  /** @default 'RequestResponse' */
  invocationType?: InvocationType;
  /** Passed to the handler as `context.clientContext` (synchronous invocations only, as on AWS). */
  clientContext?: Record<string, unknown>;
}

/** What the Invoke API answers. */
export interface InvokeResult {
  /** 200 (RequestResponse), 202 (Event accepted), 204 (DryRun). Function errors still answer 200. */
  statusCode: 200 | 202 | 204;
  requestId: string;
  executedVersion: string;
  /** The response as JSON text, exactly as Lambda returns it (`null` when the handler returned nothing). Empty for Event and DryRun. */
  payload: string;
  /** `payload` parsed; for a function error, the `{ errorType, errorMessage, trace }` body. */
  response: unknown;
  /** `Unhandled` when the handler threw, timed out or the runtime died. */
  functionError?: 'Unhandled';
  /** Lines the function printed during this invocation (synchronous only). */
  logs: FunctionLogLine[];
}

export interface FunctionLogLine {
  functionName: string;
  /** Absent for what module init printed before any invocation. */
  requestId?: string;
  /** `platform`: what Lambda itself writes to the function's log, e.g. `Task timed out after 3.00 seconds`. */
  stream: 'stdout' | 'stderr' | 'platform';
  message: string;
  /** Epoch milliseconds (wall clock) when the line reached the service. */
  timestamp: number;
}

export type DeliveryReason = 'on-success' | 'on-failure' | 'dead-letter';

export interface MessageAttribute {
  dataType: 'String' | 'Number';
  stringValue: string;
}

/** How Lambda sends an invocation record or a dead letter; the runtime maps it onto SQS, SNS, EventBridge or Lambda. */
export interface DeliveryDetails {
  reason: DeliveryReason;
  functionName: string;
  requestId: string;
  /** The payload as the message body Lambda sends: the record's JSON, or for a dead letter the original event byte for byte. */
  body: string;
  /** Dead letters only: `RequestID`, `ErrorCode`, `ErrorMessage`, as Lambda sets them on the SQS message / SNS notification. */
  messageAttributes?: Record<string, MessageAttribute>;
  /** Records only: the event's `source` and `detail-type` when the destination is an event bus (its `resources` are the bus and the function). */
  eventBridge?: { source: string; detailType: string; functionArn: string };
}

/**
 * Sends to an SQS queue, SNS topic, EventBridge bus or Lambda function by ARN. Provided by the runtime; a
 * rejection counts as a failed delivery (logged, not retried: AWS only counts `DestinationDeliveryFailures`).
 */
export type Deliver = (targetArn: string, payload: unknown, details: DeliveryDetails) => Promise<void>;

export type DestinationCondition = 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';

/** The invocation record Lambda sends to a destination. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html */
export interface InvocationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: DestinationCondition;
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  responsePayload?: unknown;
}

/** A structured account of what happened, for the live log. `at` is the service clock's time. */
export type LambdaActivity = { functionName: string; at: number } & (
  | { type: 'instance-started'; instanceId: string }
  | { type: 'instance-stopped'; instanceId: string; reason: 'timeout' | 'runtime-exit' | 'init-error' | 'shutdown' | 'code-updated' }
  /** `event` is the payload as JSON text, as the handler receives it (the explorer reads correlation ids from it). */
  | { type: 'invoke'; requestId: string; invocationType: InvocationType; coldStart: boolean; attempt: number; event: string }
  | {
      type: 'result';
      requestId: string;
      invocationType: InvocationType;
      outcome: 'success' | 'error' | 'timeout';
      errorType?: string;
      errorMessage?: string;
      durationMs: number;
      initDurationMs?: number;
    }
  | { type: 'throttled'; requestId: string; invocationType: InvocationType }
  | { type: 'retry-scheduled'; requestId: string; cause: 'function-error' | 'throttled'; nextAttempt: number; delayMs: number }
  | { type: 'delivered'; requestId: string; reason: DeliveryReason; targetArn: string }
  | { type: 'delivery-failed'; requestId: string; reason: DeliveryReason; targetArn: string; error: string }
  /** The event left the queue with nowhere to go (no destination, no DLQ). */
  | { type: 'discarded'; requestId: string; condition: DestinationCondition }
);

export interface LambdaServiceOptions {
  /** The local AWS endpoint, given to functions as `AWS_ENDPOINT_URL` so unchanged SDK code reaches the local engines. */
  endpointUrl: string;
  region: string;
  accountId: string;
  /** Drives asynchronous retries, throttling backoff and event age. @default systemClock */
  clock?: Clock;
  deliver: Deliver;
  /** Every line functions print, as it arrives. */
  onLog?: (line: FunctionLogLine) => void;
  onActivity?: (activity: LambdaActivity) => void;
  /** Instances per function when the template reserves no concurrency. @default DEFAULT_LOCAL_CONCURRENCY (10) */
  defaultConcurrency?: number;
  /** Environments starting (running module init) at once, across functions (`StartGate`). @default the machine's cores */
  concurrentStarts?: number;
  /** Credentials functions get. Local engines accept any; keep them identical across functions. @default test/test/test */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Keeps accepted asynchronous invocations until they end (`FileAsyncInvocationStore`), so a restart runs those
   * the previous run left (`resumeAsyncInvocations`). @default in memory: unfinished events are lost at stop
   */
  asyncStore?: AsyncInvocationStore;
  /** `--chaos`: injects function errors, timeouts, crashes and throttling. @default none (no fault, no cost) */
  chaos?: Chaos;
}

/** The outcome of one run of the handler on one instance. */
export type ExecutionOutcome =
  | { ok: true; payload: string; logs: FunctionLogLine[] }
  | { ok: false; error: RuntimeErrorBody; timedOut: boolean; logs: FunctionLogLine[] };
