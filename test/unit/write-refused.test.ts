import { describe, expect, it } from 'vitest';
import { isWriteRefused, writeIf } from '../../shared/store/write-refused';

/** DynamoDB's errors as the SDK raises them (name and cancellation reasons only). */
const conditionFailed = () =>
  Object.assign(new Error('The conditional request failed'), {
    name: 'ConditionalCheckFailedException',
  });
const cancelled = (...codes: string[]) =>
  Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('isWriteRefused', () => {
  it('takes a failed condition of a single write as refused, whatever the scope', () => {
    // Prepare
    const error = conditionFailed();

    // Act & Assess
    expect(isWriteRefused(error)).toBe(true);
    expect(isWriteRefused(error, { item: 0 })).toBe(true);
    expect(isWriteRefused(error, 'any-cancellation')).toBe(true);
  });

  it('takes a transaction cancelled by failed conditions only as refused by default', () => {
    expect(isWriteRefused(cancelled('ConditionalCheckFailed', 'None'))).toBe(true);
    expect(isWriteRefused(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isWriteRefused(cancelled('None', 'TransactionConflict'))).toBe(false);
  });

  it('looks at the named item only when given one', () => {
    expect(isWriteRefused(cancelled('ConditionalCheckFailed', 'TransactionConflict'), { item: 0 })).toBe(
      true,
    );
    expect(isWriteRefused(cancelled('None', 'ConditionalCheckFailed'), { item: 0 })).toBe(false);
  });

  it('takes any cancelled transaction as refused for callers that re-read and decide again', () => {
    expect(isWriteRefused(cancelled('None', 'TransactionConflict'), 'any-cancellation')).toBe(true);
  });

  it('never takes another error for a refusal', () => {
    expect(isWriteRefused(throttled())).toBe(false);
    expect(isWriteRefused(throttled(), 'any-cancellation')).toBe(false);
    expect(isWriteRefused(undefined)).toBe(false);
  });
});

describe('writeIf', () => {
  it('answers true for an applied write and false for a refused one', async () => {
    // Act
    const applied = await writeIf(Promise.resolve({}));
    const refused = await writeIf(Promise.reject(conditionFailed()));

    // Assess
    expect(applied).toBe(true);
    expect(refused).toBe(false);
  });

  it('throws any other error', async () => {
    await expect(writeIf(Promise.reject(throttled()))).rejects.toThrow('Rate exceeded');
  });
});
