import { describe, expect, it } from 'vitest';
import { chooseSurvivor, type MergeRecord, membersUnder } from '../../shared/domain/customer-merges';

const record = (parentId: string): MergeRecord => ({
  mergedAt: '2026-11-23T10:00:00.000Z',
  parentId,
  reason: 'same_identity',
});

describe('chooseSurvivor', () => {
  it('keeps the customer created first, whichever is named first', () => {
    const older = { id: 'z', createdAt: '2026-01-01T00:00:00.000Z' };
    const newer = { id: 'a', createdAt: '2026-02-01T00:00:00.000Z' };
    expect(chooseSurvivor(older, newer)).toBe(older);
    expect(chooseSurvivor(newer, older)).toBe(older);
  });

  it('keeps the smaller id when both were created at the same moment', () => {
    const a = { id: 'a', createdAt: '2026-01-01T00:00:00.000Z' };
    const b = { id: 'b', createdAt: '2026-01-01T00:00:00.000Z' };
    expect(chooseSurvivor(a, b)).toBe(a);
    expect(chooseSurvivor(b, a)).toBe(a);
  });
});

describe('membersUnder', () => {
  it('finds the members merged through a customer, directly or through another, and not its siblings', () => {
    const records = { m: record('s'), d: record('m'), dd: record('d'), sibling: record('s') };
    expect(membersUnder(records, 'm').sort()).toEqual(['d', 'dd']);
    expect(membersUnder(records, 'sibling')).toEqual([]);
  });

  it('ends on a cycle in damaged records', () => {
    const records = { x: record('y'), y: record('x') };
    expect(membersUnder(records, 'z')).toEqual([]);
  });
});
