import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RefusedMappingError } from '../../esm/index.ts';
import { fakeFunction } from './support/fake-function.ts';
import { startMappings } from './support/harness.ts';
import { sqsFixture, type SqsFixture } from './support/sqs-queues.ts';
import { consumerFunction, mappingSpec } from './support/topology.ts';

/**
 * Mappings Lambda's CreateEventSourceMapping refuses are refused at start with AWS's message, so an app that
 * would fail on deploy fails here too. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
 */
describe('SQS event source mapping: settings Lambda refuses', () => {
  let fixture: SqsFixture;
  let queues = 0;
  beforeAll(async () => {
    fixture = await sqsFixture();
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  async function queue(fifo: boolean, visibilityTimeout = 30) {
    queues += 1;
    const name = `refused-${queues}${fifo ? '.fifo' : ''}`;
    return fixture.createQueue(name, { VisibilityTimeout: String(visibilityTimeout), ...(fifo ? { FifoQueue: 'true' } : {}) });
  }

  it.each([
    {
      case: 'a batching window on a FIFO queue',
      fifo: true,
      settings: { batchSize: 10, maximumBatchingWindowSeconds: 5 },
      message: 'Batching window is not supported for FIFO queues',
    },
    { case: 'BatchSize above 10 on a FIFO queue', fifo: true, settings: { batchSize: 11 }, message: 'Maximum batch size must be between 1 and 10 inclusive' },
    {
      case: 'BatchSize above 10 without a batching window',
      fifo: false,
      settings: { batchSize: 100 },
      message: 'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
    },
  ])('refuses $case with AWS’s message', async ({ fifo, settings, message }) => {
    // Prepare
    const { arn } = await queue(fifo);
    const spec = mappingSpec('sqs', arn, settings);

    // Act
    const start = startMappings([spec], { endpoints: { sqs: fixture.engine.endpoint }, invoke: fakeFunction().invoke });

    // Assess
    await expect(start).rejects.toThrow(RefusedMappingError);
    await expect(start).rejects.toThrow(`EsmTestStack/${spec.logicalId}: Lambda refuses this mapping (InvalidParameterValueException): ${message}`);
  });

  it("refuses a queue whose visibility timeout is shorter than the function's timeout", async () => {
    // Prepare
    const { arn } = await queue(false, 30);

    // Act
    const start = startMappings([mappingSpec('sqs', arn)], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fakeFunction().invoke,
      functions: [consumerFunction(60)],
    });

    // Assess
    await expect(start).rejects.toThrow('Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds');
  });

  it.each([
    {
      case: 'BatchSize 10,000 with a batching window on a standard queue',
      fifo: false,
      settings: { batchSize: 10_000, maximumBatchingWindowSeconds: 1 },
      timeout: 30,
    },
    { case: 'BatchSize 10 on a FIFO queue whose visibility timeout equals the function timeout', fifo: true, settings: { batchSize: 10 }, timeout: 30 },
  ])('accepts $case', async ({ fifo, settings, timeout }) => {
    // Prepare
    const { arn } = await queue(fifo, 30);

    // Act
    const running = await startMappings([mappingSpec('sqs', arn, settings)], {
      endpoints: { sqs: fixture.engine.endpoint },
      invoke: fakeFunction().invoke,
      functions: [consumerFunction(timeout)],
    });

    // Assess
    expect(running.activitiesOf('started')).toHaveLength(1);
  });
});
