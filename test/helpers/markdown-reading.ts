import MarkdownIt, { type Token } from 'markdown-it';

/**
 * A CommonMark parser with GitHub-flavoured strikethrough and tables, raw HTML on (so the robots'
 * tags `<at id=all>`, `<font>`, `<a href>` are seen as the markup they are) and linkify on (bare
 * URLs, `www.` names, bare domains and e-mail addresses become links, as chat clients make them).
 */
const parser = new MarkdownIt({ html: true, linkify: true });

/** What a reader of a rendered message gets: how many of each kind of markup, and the text. */
export interface MarkdownReading {
  /** Tokens by type: `link_open`, `image`, `heading_open`, `html_inline`, `strong_open`, … */
  counts: Record<string, number>;
  /** The text a reader sees, markup removed and character references decoded. */
  visible: string;
  /** Every text token, to check that no mention syntax reached the reader as text. */
  texts: string[];
}

function walk(tokens: Token[], reading: MarkdownReading): void {
  for (const token of tokens) {
    reading.counts[token.type] = (reading.counts[token.type] ?? 0) + 1;
    if (token.type === 'text' || token.type === 'code_inline') {
      reading.texts.push(token.content);
      reading.visible += token.content;
    } else if (token.type === 'softbreak' || token.type === 'hardbreak' || token.nesting === -1) {
      reading.visible += '\n';
    }
    if (token.children) walk(token.children, reading);
  }
}

/**
 * Parses markdown as a reader's client would and walks every token.
 *
 * @example
 * readMarkdown('[x](https://evil.example)').counts.link_open; // 1
 */
export function readMarkdown(source: string): MarkdownReading {
  const reading: MarkdownReading = { counts: {}, visible: '', texts: [] };
  walk(parser.parse(source, {}), reading);
  return reading;
}

/** Markup that only Rapport may put into an alert: a customer's text must never add one. */
export const customerForbiddenTokens = [
  'link_open',
  'image',
  'html_inline',
  'html_block',
  'heading_open',
  'lheading_open',
  'em_open',
  's_open',
  'code_inline',
  'code_block',
  'fence',
  'hr',
  'table_open',
] as const;

/**
 * How many of each markup token `reading` has, for the kinds a customer must never add (with
 * `strong_open`, `blockquote_open` and `list_item_open`, which Rapport uses), to compare with what
 * Rapport itself wrote.
 *
 * @example
 * expect(markupCounts(readMarkdown(text))).toEqual(markupCounts(readMarkdown(rapportOnly)));
 */
export function markupCounts(reading: MarkdownReading): Record<string, number> {
  const kinds = [...customerForbiddenTokens, 'strong_open', 'blockquote_open', 'list_item_open'];
  return Object.fromEntries(kinds.map((kind) => [kind, reading.counts[kind] ?? 0]));
}

/**
 * The runs of letters and digits in a text: the customer's words, which must all still be
 * readable in the alert.
 *
 * @example
 * words('Hello [Track](https://evil.example)'); // ['Hello', 'Track', 'https', 'evil', 'example']
 */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}
