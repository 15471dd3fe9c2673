import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type MessageStatus,
  messageStatuses,
  movesForward,
  statusFromPlatform,
} from '../../../shared/outbound/message-status';

/** Applies reports in the order they arrive, as the store does. */
function applyAll(reports: MessageStatus[]): MessageStatus {
  return reports.reduce<MessageStatus>(
    (current, reported) => (movesForward(current, reported) ? reported : current),
    'queued',
  );
}

describe('movesForward', () => {
  it('keeps read when a late delivered arrives', () => {
    // Act
    const moves = movesForward('read', 'delivered');

    // Assess
    expect(moves).toBe(false);
  });

  it('takes failed before delivery only', () => {
    // Act and Assess
    expect(movesForward('sent', 'failed')).toBe(true);
    expect(movesForward('delivered', 'failed')).toBe(false);
    expect(movesForward('read', 'failed')).toBe(false);
  });

  it('lets a delivered or read report prove a failed message arrived, but not a late sent', () => {
    // Act and Assess
    expect(movesForward('failed', 'delivered')).toBe(true);
    expect(movesForward('failed', 'read')).toBe(true);
    expect(movesForward('failed', 'sent')).toBe(false);
  });

  it('ends at the furthest status reached, whatever order the reports arrive in', () => {
    // Prepare
    const reports = fc.array(fc.constantFrom<MessageStatus>('sent', 'delivered', 'read'), { minLength: 1 });

    fc.assert(
      fc.property(reports, (arrived) => {
        // Act
        const final = applyAll(arrived);

        // Assess: the furthest of sent < delivered < read, for every order of arrival.
        const furthest = (['read', 'delivered', 'sent'] as const).find((status) => arrived.includes(status));
        expect(final).toBe(furthest);
      }),
    );
  });

  it('never moves a status backwards along queued, sent, delivered, read', () => {
    // Prepare
    const order = ['queued', 'sent', 'delivered', 'read'];

    fc.assert(
      fc.property(fc.array(fc.constantFrom(...messageStatuses)), (arrived) => {
        // Act: the status after each report.
        let current: MessageStatus = 'queued';
        for (const reported of arrived) {
          const next: MessageStatus = movesForward(current, reported) ? reported : current;
          // Assess
          if (current !== 'failed' && next !== 'failed')
            expect(order.indexOf(next)).toBeGreaterThanOrEqual(order.indexOf(current));
          if (current === 'delivered' || current === 'read') expect(next).not.toBe('failed');
          current = next;
        }
      }),
    );
  });
});

describe('statusFromPlatform', () => {
  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['played', 'read'],
    ['failed', 'failed'],
    ['undelivered', 'failed'],
    ['success', 'delivered'],
    ['failed:user block', 'failed'],
    ['failed: system failed', 'failed'],
    ['queued', undefined],
    ['accepted', undefined],
    ['sending', undefined],
  ])('reads the platform word %s as %s', (word, expected) => {
    // Act and Assess
    expect(statusFromPlatform(word)).toBe(expected);
  });
});
