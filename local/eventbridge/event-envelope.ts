import { eventBridgeEvent, isoSeconds } from '../aws/events/index.ts';
import { REPLAY_NAME_FIELD } from './constants.ts';
import type { EventEnvelope } from './types.ts';

/** `time` as EventBridge writes it: ISO-8601 UTC, seconds precision (`2026-01-01T00:00:00Z`). */
export function formatEventTime(epochMs: number): string {
  return isoSeconds(epochMs);
}

export interface EnvelopeParts {
  id: string;
  source: string;
  detailType: string;
  account: string;
  region: string;
  timeMs: number;
  resources?: readonly string[];
  detail: Record<string, unknown>;
}

/** The event EventBridge delivers, built by the event shapes module (`@eventful/local/aws-events`). */
export function buildEnvelope(parts: EnvelopeParts): EventEnvelope {
  const { id, account, region, timeMs, resources } = parts;
  return eventBridgeEvent(parts, { id, account, region, time: timeMs, ...(resources && { resources }) });
}

/** The event as a replay sends it: `replay-name` right after `region`, where AWS puts it. */
export function withReplayName(event: EventEnvelope, replayName: string): EventEnvelope {
  const { resources, detail, [REPLAY_NAME_FIELD]: _previous, ...head } = event;
  return { ...head, [REPLAY_NAME_FIELD]: replayName, resources, detail };
}

/** `detail.metadata.correlationId`, the id the live log follows across services, when the event has one. */
export function correlationIdOf(event: { detail?: unknown }): string | undefined {
  const metadata = (event.detail as { metadata?: { correlationId?: unknown } } | undefined)?.metadata;
  return typeof metadata?.correlationId === 'string' ? metadata.correlationId : undefined;
}

/** Milliseconds of an envelope's `time`. */
export function eventTimeMs(event: EventEnvelope): number {
  return Date.parse(event.time);
}
