import { describe, expect, it } from 'vitest';
import { sentimentOf } from '../../shared/domain/sentiment';

describe('sentimentOf', () => {
  it('scores happy English and Chinese messages positive', () => {
    expect(sentimentOf('I love it, thank you so much!').score).toBeGreaterThan(0.3);
    expect(sentimentOf('非常满意，谢谢！').score).toBeGreaterThan(0.3);
    expect(sentimentOf('I love it').complaint).toBe(false);
  });

  it('scores unhappy messages negative and flags complaints', () => {
    const english = sentimentOf('Terrible service, my package never arrived and I want a refund');
    expect(english.score).toBeLessThan(-0.3);
    expect(english.complaint).toBe(true);
    const chinese = sentimentOf('包裹没收到，太差了，我要退款');
    expect(chinese.score).toBeLessThan(0);
    expect(chinese.complaint).toBe(true);
  });

  it('flips a negated word and stays in [-1, 1]', () => {
    expect(sentimentOf('not good').score).toBeLessThan(0);
    expect(sentimentOf('不满意').score).toBeLessThan(0);
    const extreme = sentimentOf('worst worst worst terrible awful hate hate hate');
    expect(extreme.score).toBeGreaterThanOrEqual(-1);
  });

  it('is neutral for text it has no words for', () => {
    expect(sentimentOf('Order #1001, size M')).toEqual({ score: 0, complaint: false, matched: [] });
  });

  it('scores words that are names of Object.prototype members as plain words', () => {
    for (const text of ['constructor', 'see the constructor toString valueOf __proto__ page']) {
      const result = sentimentOf(text);
      expect(Number.isFinite(result.score), text).toBe(true);
      expect(result.matched).toEqual([]);
    }
  });
});
