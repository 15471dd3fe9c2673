/**
 * A small, transparent sentiment lexicon for English and Chinese, so marketers can alert on
 * unhappy customers. Each word or phrase has a weight in [-1, 1]; complaint phrases mark a
 * complaint whatever the score. Negators ("not", "不", "没") flip the word that follows.
 *
 * Deliberately simple: it is read by people deciding whether an alert fired correctly.
 */
const positive: Record<string, number> = {
  love: 0.8,
  great: 0.6,
  good: 0.4,
  thanks: 0.4,
  'thank you': 0.5,
  awesome: 0.7,
  excellent: 0.8,
  happy: 0.5,
  perfect: 0.7,
  amazing: 0.7,
  nice: 0.4,
  fast: 0.3,
  recommend: 0.5,
  beautiful: 0.5,
  wonderful: 0.7,
  like: 0.3,
  谢谢: 0.4,
  感谢: 0.5,
  喜欢: 0.6,
  好: 0.3,
  很好: 0.5,
  满意: 0.6,
  棒: 0.6,
  赞: 0.5,
  完美: 0.7,
  推荐: 0.5,
  开心: 0.5,
};

const negative: Record<string, number> = {
  bad: -0.5,
  terrible: -0.8,
  awful: -0.8,
  worst: -0.9,
  hate: -0.8,
  angry: -0.7,
  disappointed: -0.6,
  slow: -0.3,
  broken: -0.6,
  late: -0.4,
  wrong: -0.4,
  poor: -0.5,
  useless: -0.7,
  problem: -0.3,
  issue: -0.2,
  never: -0.2,
  差: -0.5,
  太差: -0.8,
  失望: -0.6,
  生气: -0.7,
  糟糕: -0.7,
  烂: -0.7,
  坏: -0.5,
  慢: -0.3,
  垃圾: -0.8,
  问题: -0.3,
  讨厌: -0.7,
};

/** Phrases that make a message a complaint on their own. */
const complaintPhrases = [
  'refund',
  'money back',
  'complaint',
  'complain',
  'scam',
  'fraud',
  'cancel my order',
  'not received',
  'never arrived',
  "didn't arrive",
  'did not arrive',
  'damaged',
  'broken',
  'wrong item',
  'chargeback',
  'lawyer',
  'report you',
  '退款',
  '退货',
  '投诉',
  '骗子',
  '没收到',
  '未收到',
  '坏了',
  '破损',
  '发错',
  '假货',
  '欺诈',
];

const negators = new Set([
  'not',
  "don't",
  'dont',
  'no',
  "isn't",
  "wasn't",
  'never',
  '不',
  '没',
  '没有',
  '别',
]);

/** The sentiment of a message: a score in [-1, 1], whether it is a complaint, and the matched terms. */
export interface Sentiment {
  score: number;
  complaint: boolean;
  matched: string[];
}

const cjk = /[\u3400-\u9fff]/;

/**
 * Scores a message's text. English is matched by words (and two-word phrases); Chinese, which
 * has no spaces, by the longest lexicon entry at each position.
 *
 * @example
 * sentimentOf('I love it, thanks!').score > 0; // true
 * sentimentOf('包裹没收到，我要退款').complaint;  // true
 */
export function sentimentOf(text: string): Sentiment {
  const lower = text.toLowerCase();
  const matched: string[] = [];
  let total = 0;
  let count = 0;
  const add = (term: string, weight: number, negated: boolean) => {
    matched.push(negated ? `not ${term}` : term);
    total += negated ? -weight * 0.8 : weight;
    count += 1;
  };

  const words = lower.match(/[a-z']+/g) ?? [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const pair = `${word} ${words[index + 1] ?? ''}`;
    const negated = negators.has(words[index - 1] ?? '');
    const pairWeight = weightOf(pair);
    if (pairWeight !== undefined) {
      add(pair, pairWeight, negated);
      index += 1;
      continue;
    }
    const weight = weightOf(word);
    if (weight !== undefined && !negators.has(word)) add(word, weight, negated);
  }

  const chineseTerms = [...Object.keys(positive), ...Object.keys(negative)]
    .filter((term) => cjk.test(term))
    .sort((a, b) => b.length - a.length);
  for (let position = 0; position < lower.length; ) {
    const term = chineseTerms.find((candidate) => lower.startsWith(candidate, position));
    if (!term) {
      position += 1;
      continue;
    }
    const before = lower.slice(Math.max(0, position - 2), position);
    const negated = [...negators].some((negator) => cjk.test(negator) && before.endsWith(negator));
    add(term, positive[term] ?? negative[term] ?? 0, negated);
    position += term.length;
  }

  const complaintTerms = complaintPhrases.filter((phrase) => lower.includes(phrase));
  const score = count === 0 ? 0 : Math.max(-1, Math.min(1, total / Math.sqrt(count)));
  return {
    score: Math.round(score * 100) / 100,
    complaint: complaintTerms.length > 0 || score <= -0.6,
    matched: [...matched, ...complaintTerms.map((term) => `complaint:${term}`)],
  };
}

/** A term's weight; own keys only, so words such as "constructor" never read the prototype. */
function weightOf(term: string): number | undefined {
  if (Object.hasOwn(positive, term)) return positive[term];
  if (Object.hasOwn(negative, term)) return negative[term];
  return undefined;
}
