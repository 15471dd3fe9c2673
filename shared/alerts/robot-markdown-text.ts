import { withoutAutolinks } from './unlinked-text';

/**
 * Markup characters and the look-alikes that replace them. None of the three robots documents a
 * way to escape markup (no backslash escapes, no character references), so a character that could
 * open markup is swapped for one that looks the same and means nothing:
 * `[` `]` (links `[text](url)`, images `![alt](url)`, references), `<` `>` (HTML and the robots'
 * tags: `<font>`, `<a href>`, WeCom's `<@userid>`, Feishu's `<at id=all>`; autolinks `<https://…>`;
 * quotes `> …`), `*` `_` (emphasis, lists), `~` (Feishu's `~~strike~~`), `` ` `` (code), `#`
 * (headings), `\` (escapes) and `&` (character references that could spell any of these).
 * Parentheses and `!` stay: without `[` they cannot form a link or image.
 */
const lookalikes: Record<string, string> = {
  '[': '\uFF3B', // ［
  ']': '\uFF3D', // ］
  '<': '\u2039', // ‹
  '>': '\u203A', // ›
  '*': '\u2217', // ∗
  _: '\u02CD', // ˍ
  '~': '\u223C', // ∼
  '`': '\u02CB', // ˋ
  '#': '\uFF03', // ＃
  '\\': '\u29F5', // ⧵
  '&': '\uFF06', // ＆
};

/**
 * Line breaks become spaces: a customer's value always sits inside a line Rapport started, so it
 * can never begin a heading, quote, list, table or setext underline of its own.
 */
function robotMarkdownText(text: string): string {
  return withoutAutolinks(
    text
      .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ')
      .replace(/[[\]<>*_~`#\\&]/g, (c) => lookalikes[c] ?? c),
  );
}

/**
 * Customer-written text (names, messages, order names: anything a platform delivered) as literal
 * text in a DingTalk custom robot `markdown` message. DingTalk documents headings `#`, quotes `>`,
 * `**bold**`, `*italic*`, links `[text](url)`, images `![](url)` (loaded from the customer's
 * server when the chat opens), lists and `<font>`; a robot's `@` mentions someone only when the
 * message's `at` field names them (`atMobiles`, `atUserIds`, `isAtAll`), which Rapport never sets
 * (and a customer's `@` becomes `＠` anyway). Sources: https://open.dingtalk.com/document/orgapp/message-type
 * (markdown type) and https://open.dingtalk.com/document/group/custom-robot-access (the `at` field).
 *
 * @example
 * dingtalkMarkdownText('[Support](https://evil.example/n)'); // '［Support］(https꞉∕/evil․example/n)'
 */
export function dingtalkMarkdownText(text: string): string {
  return robotMarkdownText(text);
}

/**
 * Customer-written text as literal text in a WeCom group robot `markdown` message. WeCom documents
 * headings `#`, `**bold**`, links `[text](url)`, inline code `` `code` ``, quotes `>`,
 * `<font color="info">` and mentions `<@userid>` in the content. Source:
 * https://work.weixin.qq.com/api/doc/90000/90136/91770 (群机器人配置说明, markdown 类型).
 *
 * @example
 * wecomMarkdownText('<@all> **now**'); // '‹＠all› ∗∗now∗∗'
 */
export function wecomMarkdownText(text: string): string {
  return robotMarkdownText(text);
}

/**
 * Customer-written text as literal text in a Feishu (Lark) card's `lark_md` text. Feishu documents
 * `**bold**`, `*italic*`, `~~strike~~`, links `[text](url)` and `<a href>`, mentions
 * `<at id=all></at>` (everyone) and `<at id=ou_…>`, `<font color>`, `<text_tag>`, code and emoji
 * `:DONE:` (an emoji is left: it links and mentions nothing). Sources:
 * https://open.feishu.cn/document/ukTMukTMukTM/uADOwUjLwgDM14CM4ATN (消息卡片 Markdown, and the
 * text component's `lark_md`) and
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text.
 *
 * @example
 * larkMarkdownText('<at id=all></at> hi'); // '‹at id=all›‹/at› hi'
 */
export function larkMarkdownText(text: string): string {
  return robotMarkdownText(text);
}
