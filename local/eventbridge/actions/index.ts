import { cancelReplay } from './cancel-replay.ts';
import type { EventsAction } from './define-action.ts';
import { deleteRule } from './delete-rule.ts';
import { describeArchive } from './describe-archive.ts';
import { describeEventBus } from './describe-event-bus.ts';
import { describeReplay } from './describe-replay.ts';
import { describeRule } from './describe-rule.ts';
import { disableRule } from './disable-rule.ts';
import { enableRule } from './enable-rule.ts';
import { listArchives } from './list-archives.ts';
import { listEventBuses } from './list-event-buses.ts';
import { listReplays } from './list-replays.ts';
import { listRules } from './list-rules.ts';
import { listTargetsByRule } from './list-targets-by-rule.ts';
import { putEvents } from './put-events.ts';
import { putRule } from './put-rule.ts';
import { putTargets } from './put-targets.ts';
import { removeTargets } from './remove-targets.ts';
import { startReplay } from './start-replay.ts';
import { testEventPattern } from './test-event-pattern.ts';

export type { EventsAction } from './define-action.ts';

/**
 * The EventBridge actions the local endpoint serves, by the name in `X-Amz-Target: AWSEvents.<Name>`. A Map: the
 * name is the caller's text, and an object would answer `constructor` or `__proto__` with what it inherits.
 */
export const EVENTS_ACTIONS: ReadonlyMap<string, EventsAction> = new Map(
  Object.entries({
    CancelReplay: cancelReplay,
    DeleteRule: deleteRule,
    DescribeArchive: describeArchive,
    DescribeEventBus: describeEventBus,
    DescribeReplay: describeReplay,
    DescribeRule: describeRule,
    DisableRule: disableRule,
    EnableRule: enableRule,
    ListArchives: listArchives,
    ListEventBuses: listEventBuses,
    ListReplays: listReplays,
    ListRules: listRules,
    ListTargetsByRule: listTargetsByRule,
    PutEvents: putEvents,
    PutRule: putRule,
    PutTargets: putTargets,
    RemoveTargets: removeTargets,
    StartReplay: startReplay,
    TestEventPattern: testEventPattern,
  }),
);
