import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSIENT_WRITE_ATTEMPTS, retryTransientWrite } from '../../../shared/dynamodb/retry-transient-write.ts';

const named = (name: string) => Object.assign(new Error(`${name} from the fake table`), { name });
const noWait = async (): Promise<void> => {};

/** A write failing with `errors` in turn, then answering `'written'`. */
function scriptedWrite(errors: readonly Error[]) {
  let calls = 0;
  const write = async () => {
    const error = errors[calls++];
    if (error) throw error;
    return 'written';
  };
  return { write, calls: () => calls };
}

describe('retryTransientWrite', () => {
  it('writes again after a conflict with a transaction in progress, which the SDK does not retry', async () => {
    // Prepare
    const { write, calls } = scriptedWrite([named('TransactionConflictException'), named('TransactionConflictException')]);
    // Act
    const result = await retryTransientWrite(write, { sleep: noWait });
    // Assess
    expect(result).toBe('written');
    expect(calls()).toBe(3);
  });

  it('throws a failure no retry can change at once', async () => {
    // Prepare
    const { write, calls } = scriptedWrite([named('ConditionalCheckFailedException')]);
    // Act
    const attempt = retryTransientWrite(write, { sleep: noWait });
    // Assess
    await expect(attempt).rejects.toThrow('ConditionalCheckFailedException from the fake table');
    expect(calls()).toBe(1);
  });

  it('throws the last transient failure once its attempts are spent', async () => {
    // Prepare
    const { write, calls } = scriptedWrite(Array.from({ length: DEFAULT_TRANSIENT_WRITE_ATTEMPTS }, () => named('ProvisionedThroughputExceededException')));
    // Act
    const attempt = retryTransientWrite(write, { sleep: noWait });
    // Assess
    await expect(attempt).rejects.toThrow('ProvisionedThroughputExceededException');
    expect(calls()).toBe(DEFAULT_TRANSIENT_WRITE_ATTEMPTS);
  });

  it('waits a backoff before each retry and none before the first write', async () => {
    // Prepare
    const waits: number[] = [];
    const { write } = scriptedWrite([named('ThrottlingException'), named('ThrottlingException')]);
    // Act
    await retryTransientWrite(write, { sleep: async (ms) => void waits.push(ms), baseDelayMs: 100, random: () => 0.5 });
    // Assess
    expect(waits).toEqual([50, 100]);
  });

  it('calls the write exactly once per failure it retries, whatever the failures and the attempts allowed', async () => {
    const failure = fc.constantFrom(
      'TransactionConflictException',
      'ThrottlingException',
      'ValidationException',
      'ConditionalCheckFailedException',
      'TypeError',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(failure, { maxLength: 8 }), fc.integer({ min: 1, max: 6 }), async (names, maxAttempts) => {
        // Prepare
        const { write, calls } = scriptedWrite(names.map(named));
        const transient = (name: string) => ['TransactionConflictException', 'ThrottlingException'].includes(name);
        const firstFinal = names.findIndex((name) => !transient(name));
        // The call that ends it when attempts do not run out first: the first final failure, else the first success.
        const lastCall = firstFinal === -1 ? names.length + 1 : firstFinal + 1;
        // Act
        const outcome = await retryTransientWrite(write, { sleep: noWait, maxAttempts }).then(
          () => 'written',
          (error: Error) => error.name,
        );
        // Assess
        const expectedCalls = Math.min(lastCall, maxAttempts);
        expect(calls()).toBe(expectedCalls);
        expect(outcome).toBe(expectedCalls <= names.length ? names[expectedCalls - 1] : 'written');
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });

  it('refuses a number of attempts that is not a positive integer', async () => {
    await expect(retryTransientWrite(async () => 'written', { maxAttempts: 0 })).rejects.toThrow('maxAttempts must be a positive integer, got 0');
  });
});
