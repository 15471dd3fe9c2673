import { withoutAutolinks } from './unlinked-text';

/**
 * Slack has no escape for its formatting characters (jsx-slack's notes on escaping,
 * github.com/yhatt/jsx-slack docs/about-escape-and-exact-mode.md, find the same), so each becomes a
 * look-alike: `*bold*`, `_italic_`, `~strike~` and `` `code` `` cannot form, and neither can the
 * `#channel` that Slack's automatic parsing links in a text that is not `verbatim` (an `@here`
 * loses its `@` in {@link withoutAutolinks}). Square brackets too: mrkdwn has no `[text](url)`
 * links, but Slack's `markdown` blocks and every other markdown reader do, and the text must stay
 * text in whichever shows it.
 */
const lookalikes: Record<string, string> = {
  '[': '\uFF3B', // ［
  ']': '\uFF3D', // ］
  '*': '\u2217', // ∗
  _: '\u02CD', // ˍ
  '~': '\u223C', // ∼
  '`': '\u02CB', // ˋ
  '#': '\uFF03', // ＃
};

/**
 * Customer-written text as literal text in a Slack `mrkdwn` text object. Slack's rules
 * (https://api.slack.com/reference/surfaces/formatting): `&`, `<` and `>` are its control
 * characters (links `<url|text>`, mentions `<@U…>`, `<!channel>`, `<!here>`, dates `<!date…>`) and
 * are replaced by `&amp;`, `&lt;` and `&gt;`; `*`, `_`, `~` and backticks format text and become
 * look-alikes, as do `#`, `[` and `]`. Line breaks become spaces, as in the robots' messages,
 * so the text starts at most one line (a field's value does): when it starts with what would
 * begin a block there (a quote `&gt;`, which Slack reads as one even escaped; or a list, rule or
 * table for a markdown reader), an unseen soft hyphen (U+00AD) goes first. URLs lose what makes
 * them links (see {@link withoutAutolinks}), and the text objects that carry customer text are
 * also sent with `verbatim: true`, which turns off Slack's automatic linking of URLs, channel
 * names and mentions (https://docs.slack.dev/reference/block-kit/composition-objects/text-object).
 *
 * @example
 * slackMrkdwnText('<!channel> *free* [refund](https://evil.example)'); // '&lt;!channel&gt; ∗free∗ ［refund］(https꞉∕/evil․example)'
 */
export function slackMrkdwnText(text: string): string {
  return withoutAutolinks(text.replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[[\]*_~`#]/g, (c) => lookalikes[c] ?? c)
    .replace(/^(?=\s*(?:&gt;|[-+=|]|\d{1,9}[.)]))/, '\u00AD');
}
