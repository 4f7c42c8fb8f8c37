import type { Chaos } from '../chaos/index.ts';
import { decodedSegment, type EndpointRequest, type EndpointResponse } from '../endpoint/index.ts';
import { ScheduleNotFoundError, type SchedulerService } from '../scheduler/index.ts';
import { INVOKE_PATH, serveInvoke } from '../invoke/index.ts';
import type { LambdaService } from '../lambda/index.ts';
import type { LocalTopology } from '../topology/types.ts';
import type { LiveLog, LogKind } from './live-log.ts';
import type { RuntimeStatus } from './runtime-status.ts';
import type { QuietState } from './quiet.ts';

export const SCHEDULES_PATH = '/_eventful/schedules';
export const ACTIVITY_PATH = '/_eventful/activity';
export const CHAOS_PATH = '/_eventful/chaos';
export const STATUS_PATH = '/_eventful/status';
export const QUIET_PATH = '/_eventful/quiet';
/** The longest `GET /_eventful/quiet?waitMs=` holds a request: five minutes, like `whenQuiet`'s default. */
const MAX_QUIET_WAIT_MS = 300_000;

/** One line of `GET /_eventful/activity`, sent as an SSE `data:` field. */
export interface ActivityLine {
  kind: LogKind;
  line: string;
}

export interface AdminRoutes {
  handle(req: EndpointRequest, res: EndpointResponse): Promise<boolean>;
  /** Ends the activity streams: open ones would keep the endpoint's connections alive. */
  close(): void;
}

/**
 * The runtime's local-only routes on the endpoint, which no AWS API offers:
 * - `GET /_eventful/schedules`: schedules and scheduled rules with their next fire times;
 * - `POST /_eventful/schedules/<name>/fire[?group=<group>]`: fire one now; answers when delivery ended;
 * - `GET /_eventful/activity`: the live log as server-sent events (`data: {"kind","line"}`), for `eventful tail`;
 * - `GET /_eventful/chaos`: what `--chaos` injected so far (`{ enabled, spec, seed, rates, paused, injected, total, sources }`);
 * - `GET /_eventful/status`: buses and rules, queues with depth, DLQs with counts, streams, schedules (`RuntimeStatus`), for `eventful status`.
 * - `POST /_eventful/functions/<name>/invoke`: invoke a function with an event or a generated sample, for `eventful invoke`.
 * - `POST /_eventful/chaos/pause`, `POST /_eventful/chaos/resume`: stop injecting (to recover and redrive) and start again;
 * - `GET /_eventful/quiet`: whether anything still has work (`QuietState`): executions, retries, queues, streams;
 *   with `?waitMs=N`, answers once nothing has (`whenQuiet`), or with `quiet: false` after N ms.
 */
export function adminRoutes(services: {
  scheduler: SchedulerService;
  log: LiveLog;
  chaos?: Chaos | undefined;
  status?: () => Promise<RuntimeStatus>;
  /** For the invoke route; without them it is not served. */
  invoke?: { topology: LocalTopology; lambda: Pick<LambdaService, 'invoke'> };
  quietState?: () => Promise<QuietState>;
  /** For `GET /_eventful/quiet?waitMs=N`: resolves quiet, or rejects after `timeoutMs` (`whenQuiet`). */
  whenQuiet?: (timeoutMs: number) => Promise<QuietState>;
}): AdminRoutes {
  const streams = new Set<EndpointResponse>();
  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://local');
      const method = req.method ?? 'GET';
      if (method === 'GET' && url.pathname === CHAOS_PATH) {
        sendJson(res, 200, services.chaos ? { enabled: true, ...services.chaos.summary() } : { enabled: false });
        return true;
      }
      if (method === 'GET' && url.pathname === STATUS_PATH && services.status) {
        sendJson(res, 200, await services.status());
        return true;
      }
      const chaosSwitch = /^\/_eventful\/chaos\/(pause|resume)$/.exec(url.pathname);
      if (method === 'POST' && chaosSwitch) {
        if (!services.chaos) {
          sendJson(res, 409, { error: 'ChaosNotEnabled', message: 'The runtime was started without --chaos: there is no fault injection to pause or resume' });
          return true;
        }
        if (chaosSwitch[1] === 'pause') services.chaos.pause();
        else services.chaos.resume();
        services.log.write('chaos', `chaos ${chaosSwitch[1] === 'pause' ? 'paused' : 'resumed'}`);
        sendJson(res, 200, { enabled: true, ...services.chaos.summary() });
        return true;
      }
      const { quietState, whenQuiet } = services;
      if (method === 'GET' && url.pathname === QUIET_PATH && quietState) {
        const waitMs = url.searchParams.get('waitMs');
        if (waitMs === null || !whenQuiet) {
          sendJson(res, 200, await quietState());
          return true;
        }
        // A process outside the runtime (a test driving `eventful start`) waits here for what whenQuiet awaits.
        if (!/^\d{1,6}$/.test(waitMs) || Number(waitMs) > MAX_QUIET_WAIT_MS) {
          sendJson(res, 400, { error: 'InvalidParameter', message: `waitMs must be a whole number of milliseconds from 0 to ${MAX_QUIET_WAIT_MS}: ${waitMs}` });
          return true;
        }
        // Not quiet in time: the answer is what is still busy (`quiet: false`), not an error.
        sendJson(res, 200, await whenQuiet(Number(waitMs)).catch(() => quietState()));
        return true;
      }
      if (method === 'GET' && url.pathname === SCHEDULES_PATH) {
        sendJson(res, 200, { schedules: services.scheduler.list() });
        return true;
      }
      const fire = /^\/_eventful\/schedules\/([^/]+)\/fire$/.exec(url.pathname);
      if (method === 'POST' && fire) {
        const name = decodedSegment(fire[1] as string);
        if (name === undefined) {
          sendJson(res, 400, { error: 'InvalidPath', message: `The schedule name in the path is not valid percent-encoding: ${fire[1]}` });
          return true;
        }
        await fireSchedule(services.scheduler, name, url.searchParams.get('group') ?? undefined, res);
        return true;
      }
      const invoke = INVOKE_PATH.exec(url.pathname);
      if (method === 'POST' && invoke && services.invoke) {
        await serveInvoke(req, res, invoke[1] as string, services.invoke.topology, services.invoke.lambda);
        return true;
      }
      if (method === 'GET' && url.pathname === ACTIVITY_PATH) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.write(': eventful activity\n\n');
        streams.add(res);
        const unsubscribe = services.log.subscribe((line, kind) => {
          res.write(`data: ${JSON.stringify({ kind, line } satisfies ActivityLine)}\n\n`);
        });
        res.once('close', () => {
          unsubscribe();
          streams.delete(res);
        });
        return true;
      }
      return false;
    },
    close() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

async function fireSchedule(scheduler: SchedulerService, name: string, groupName: string | undefined, res: EndpointResponse): Promise<void> {
  let receipt;
  try {
    receipt = scheduler.fireNow(name, groupName ? { groupName } : {});
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return sendJson(res, 404, { error: error.name, message: error.message });
    throw error;
  }
  const outcome = await receipt.outcome;
  sendJson(res, 200, { name, executionId: receipt.executionId, scheduledTime: receipt.scheduledTime, outcome });
}

function sendJson(res: EndpointResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
