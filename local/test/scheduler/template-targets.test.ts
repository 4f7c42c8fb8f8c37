import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.ts';
import { loadTopology } from '../../loader/index.ts';
import type { TemplateResource } from '../../loader/template.ts';
import { SchedulerService } from '../../scheduler/index.ts';
import { writeAssembly, type WrittenAssembly } from '../loader/support/assembly.ts';
import { ENDPOINT } from '../loader/support/topology.ts';
import { ACCOUNT, activityLog, recordingDispatch, REGION } from './support/schedules.ts';

const START = Date.UTC(2026, 0, 1, 0, 0, 0);
const MINUTE = 60_000;

/**
 * Schedules read from a template by the loader and delivered by the scheduler, so the names each side gives a
 * target's parameters must agree. Scheduler sends `SqsParameters.MessageGroupId` with each FIFO message and
 * `KinesisParameters.PartitionKey` with each record:
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_SqsParameters.html
 * https://docs.aws.amazon.com/scheduler/latest/APIReference/API_KinesisParameters.html
 */
describe('templated schedule targets, from the template to the delivery', () => {
  let assembly: WrittenAssembly | undefined;
  let service: SchedulerService | undefined;
  afterEach(async () => {
    await service?.stop();
    assembly?.remove();
  });

  async function deliverFromTemplate(target: Record<string, unknown>) {
    const resource: TemplateResource = {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        ScheduleExpression: 'cron(1 0 * * ? *)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { RoleArn: `arn:aws:iam::${ACCOUNT}:role/scheduler`, ...target },
      },
    };
    assembly = writeAssembly({ Hand: { Resources: { Schedule: resource } } });
    const topology = await loadTopology({ assemblyDir: assembly.assemblyDir, endpointUrl: ENDPOINT });
    const clock = new ManualClock(START);
    const recorded = recordingDispatch();
    const log = activityLog();
    service = new SchedulerService(
      { schedules: topology.schedules },
      { accountId: ACCOUNT, region: REGION, clock, dispatch: recorded.dispatch, onActivity: log.onActivity },
    );
    service.start();
    await clock.advance(MINUTE);
    await service.drained();
    return { ...recorded, ...log };
  }

  it('sends a FIFO queue target its SqsParameters.MessageGroupId', async () => {
    // Act
    const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs.fifo`;
    const { sqsCalls } = await deliverFromTemplate({ Arn: queueArn, Input: 'sweep', SqsParameters: { MessageGroupId: 'sweeps' } });

    // Assess
    expect(sqsCalls).toEqual([{ queueArn, body: 'sweep', messageGroupId: 'sweeps' }]);
  });

  it('puts a record on a Kinesis target with its KinesisParameters.PartitionKey', async () => {
    // Act
    const streamArn = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/ticks`;
    const { kinesisCalls, ofType } = await deliverFromTemplate({ Arn: streamArn, Input: '{"tick":1}', KinesisParameters: { PartitionKey: 'ticker' } });

    // Assess
    expect(ofType('attempt-failed')).toEqual([]);
    expect(kinesisCalls).toEqual([{ streamArn, data: '{"tick":1}', partitionKey: 'ticker' }]);
  });
});
