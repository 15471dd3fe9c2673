import { describe, expect, it } from 'vitest';
import { messageWindow } from '../../../shared/outbound/message-window';

const lastInbound = '2026-12-01T10:00:00.000Z';
const hoursLater = (hours: number) => new Date(Date.parse(lastInbound) + hours * 3600_000);

describe('messageWindow', () => {
  it.each(['whatsapp', 'messenger', 'instagram'] as const)(
    'keeps %s open for 24 hours after the customer last wrote, and closed after',
    (platform) => {
      // Act
      const open = messageWindow(platform, lastInbound, hoursLater(23.9));
      const closed = messageWindow(platform, lastInbound, hoursLater(24));

      // Assess
      expect(open).toEqual({ open: true, closesAt: '2026-12-02T10:00:00.000Z' });
      expect(closed).toEqual({ open: false, closesAt: '2026-12-02T10:00:00.000Z' });
    },
  );

  it('keeps WeChat open for 48 hours', () => {
    // Act and Assess
    expect(messageWindow('wechat', lastInbound, hoursLater(47)).open).toBe(true);
    expect(messageWindow('wechat', lastInbound, hoursLater(48)).open).toBe(false);
  });

  it.each(['sms', 'telegram', 'line', 'x', 'email'] as const)('has no window on %s', (platform) => {
    // Act and Assess
    expect(messageWindow(platform, lastInbound, hoursLater(24 * 365))).toEqual({ open: true });
  });

  it('opens Messenger for 7 days with the HUMAN_AGENT tag only when the operator allows it', () => {
    // Act
    const allowed = messageWindow('messenger', lastInbound, hoursLater(30), { humanAgentTag: true });
    const notAllowed = messageWindow('messenger', lastInbound, hoursLater(30));
    const tooLate = messageWindow('messenger', lastInbound, hoursLater(24 * 7), { humanAgentTag: true });

    // Assess
    expect(allowed).toEqual({ open: true, closesAt: '2026-12-08T10:00:00.000Z', humanAgentTag: true });
    expect(notAllowed.open).toBe(false);
    expect(tooLate.open).toBe(false);
  });

  it('never tags WhatsApp replies, whatever the setting', () => {
    // Act and Assess
    expect(messageWindow('whatsapp', lastInbound, hoursLater(30), { humanAgentTag: true }).open).toBe(false);
  });

  it('is closed when the customer never wrote on a platform with a window', () => {
    // Act and Assess
    expect(messageWindow('whatsapp', undefined, hoursLater(1))).toEqual({ open: false });
  });
});
