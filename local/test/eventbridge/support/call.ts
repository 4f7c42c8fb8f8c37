import { handleEventsRequest, type EventBridgeService } from '../../../eventbridge/index.ts';

/** Calls one EventBridge action the way the local endpoint does; the body comes back parsed. */
export async function call(service: EventBridgeService, action: string, input: unknown = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await handleEventsRequest(service, `AWSEvents.${action}`, JSON.stringify(input));
  return { status: response.status, body: JSON.parse(response.body) as Record<string, unknown> };
}
