import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { EventDefinition } from '../../../shared/events/index.ts';
import { acknowledge } from '../../acknowledge.ts';
import { DeadLetterQueue } from '../../constructs/dead-letter-queue.ts';
import type { EventStoreTable } from '../../constructs/event-store-table.ts';
import type { EventfulFunction } from '../../constructs/eventful-function.ts';
import type { EventfulPlatform } from '../../constructs/eventful-platform.ts';

/*
 * The relay publishes up to 100 records per batch: ten PutEvents calls of ten entries, plus claim
 * checks for large events. 30 s covers SDK retries on all of them.
 */
const RELAY_TIMEOUT = Duration.seconds(30);

/** Stream records per relay invocation (the mapping's BatchSize): a crash may republish at most this many. */
export const RELAY_BATCH_SIZE = 100;

/*
 * A stream record that still fails after an hour of retries goes to the relay's on-failure queue.
 * DynamoDB Streams keeps records 24 hours and the on-failure message only points at them (shard and
 * sequence numbers), so an hour leaves an operator 23 hours to read them back.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html
 */
const RELAY_MAX_RECORD_AGE = Duration.hours(1);

export interface OutboxRelayProps {
  readonly platform: EventfulPlatform;
  readonly eventStore: EventStoreTable;
  /** Every event the event store may hold: the relay may publish these and nothing else. */
  readonly events: readonly EventDefinition[];
}

/**
 * The transactional outbox: relay-events reads the event store's stream (INSERTs only) and
 * publishes each stored event to the bus, bisecting failing batches, then describing what still
 * fails in an alarmed on-failure queue. It is the only publisher of the orders flow.
 */
export class OutboxRelay extends Construct {
  readonly function: EventfulFunction;
  /** Where the relay's failed stream batches are described (they stay in the stream 24 hours). */
  readonly failures: DeadLetterQueue;

  constructor(scope: Construct, id: string, { platform, eventStore, events }: OutboxRelayProps) {
    super(scope, id);
    this.function = platform.createFunction(this, 'RelayEvents', {
      name: 'relay-events',
      description: 'Publishes every event stored in the event store to the bus, exactly as stored (outbox relay)',
      invokedAsynchronously: false,
      timeout: RELAY_TIMEOUT,
    });
    platform.grantPublish(this.function, events);
    this.failures = new DeadLetterQueue(this, 'Failures', { purpose: 'the outbox relay (event store stream batches)', alarmTopic: platform.alarmTopic });
    acknowledge(
      this.failures.queue,
      'AwsSolutions-SQS3',
      "This queue is the relay's event source mapping on-failure destination, a dead-letter queue itself; cdk-nag only recognizes DLQs named in a RedrivePolicy or a DeadLetterConfig.",
    );
    this.function.function.addEventSource(
      new DynamoEventSource(eventStore.table, {
        // From the oldest record kept: events stored before the mapping existed are published too.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // Events are only ever inserted; an update or delete (by an operator) must not republish anything.
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT') })],
        batchSize: RELAY_BATCH_SIZE,
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: RELAY_MAX_RECORD_AGE,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.failures.queue),
      }),
    );
  }
}
