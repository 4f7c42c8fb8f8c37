import { describe, expect, it } from 'vitest';
import { readBatchResponse, type InvokeOutcome } from '../../esm/index.ts';

const returned = (response: unknown): InvokeOutcome => ({
  requestId: 'r-1',
  statusCode: 200,
  executedVersion: '$LATEST',
  payload: JSON.stringify(response ?? null),
  response: response ?? null,
});

const ids = new Set(['m-1', 'm-2', 'm-3']);
const reporting = { reportBatchItemFailures: true, itemIds: ids, tumblingWindow: false };

describe('reading a partial batch response', () => {
  // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
  it.each([
    ['a null response', null],
    ['an empty response', {}],
    ['a null batchItemFailures list', { batchItemFailures: null }],
    ['an empty batchItemFailures list', { batchItemFailures: [] }],
  ])('counts %s as a complete success', (_case, response) => {
    // Act
    const outcome = readBatchResponse(returned(response), reporting);

    // Assess
    expect(outcome).toEqual({ kind: 'success' });
  });

  it.each([
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }, 'batchItemFailures[0].itemIdentifier is missing, null or empty'],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }, 'batchItemFailures[0].itemIdentifier is missing, null or empty'],
    ['an itemIdentifier under another key name', { batchItemFailures: [{ itemId: 'm-1' }] }, 'batchItemFailures[0].itemIdentifier is missing, null or empty'],
    [
      'an itemIdentifier naming no item of the batch',
      { batchItemFailures: [{ itemIdentifier: 'm-9' }] },
      'batchItemFailures[0].itemIdentifier m-9 is not in the batch',
    ],
    ['a batchItemFailures that is not a list', { batchItemFailures: 'm-1' }, 'batchItemFailures is not a list'],
    ['a response that is not a JSON object', 'ok', 'the response is not a JSON object'],
  ])('counts %s as a failure of the whole batch', (_case, response, reason) => {
    // Act
    const outcome = readBatchResponse(returned(response), reporting);

    // Assess
    expect(outcome).toEqual({ kind: 'invalid-response', reason });
  });

  it('names the reported items once each, in the order reported', () => {
    // Act
    const outcome = readBatchResponse(
      returned({ batchItemFailures: [{ itemIdentifier: 'm-3' }, { itemIdentifier: 'm-1' }, { itemIdentifier: 'm-3' }] }),
      reporting,
    );

    // Assess
    expect(outcome).toEqual({ kind: 'partial', failedIds: ['m-3', 'm-1'] });
  });

  it('ignores the response when the mapping does not report batch item failures', () => {
    // Act
    const outcome = readBatchResponse(returned({ batchItemFailures: [{ itemIdentifier: 'm-1' }] }), { ...reporting, reportBatchItemFailures: false });

    // Assess
    expect(outcome).toEqual({ kind: 'success' });
  });

  it('counts a function error as a failure of the whole batch, with its error type', () => {
    // Act
    const outcome = readBatchResponse({ ...returned({ errorType: 'TypeError', errorMessage: 'boom', trace: [] }), functionError: 'Unhandled' }, reporting);

    // Assess
    expect(outcome).toEqual({ kind: 'function-error', errorType: 'TypeError' });
  });

  it.each([
    ['no state', { batchItemFailures: [] }, 'the response has no state (tumbling window)'],
    ['nothing at all', null, 'the response has no state (tumbling window)'],
    ['a state that is not an object', { state: 'counted' }, 'the response state is not a JSON object'],
  ])('fails a tumbling-window invocation whose response has %s', (_case, response, reason) => {
    // Act
    const outcome = readBatchResponse(returned(response), { ...reporting, tumblingWindow: true });

    // Assess
    expect(outcome).toEqual({ kind: 'invalid-response', reason });
  });

  it('keeps the state of a tumbling-window response along with its reported failures', () => {
    // Act
    const outcome = readBatchResponse(returned({ state: { count: 2 }, batchItemFailures: [{ itemIdentifier: 'm-2' }] }), {
      ...reporting,
      tumblingWindow: true,
    });

    // Assess
    expect(outcome).toEqual({ kind: 'partial', failedIds: ['m-2'], state: { count: 2 } });
  });
});
