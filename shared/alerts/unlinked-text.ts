/**
 * Customer-written text in which no auto-linker can find a link: chat clients and markdown
 * renderers turn bare `https://…`, `//host/…`, `mailto:…`, `www.host`, `host.tld` and
 * `name@host.tld` into links (GitHub-flavoured markdown's extended autolinks; linkify-it, which
 * markdown-it and many chat renderers use, also reads the `//` and `mailto:` forms, bare domains
 * and e-mail addresses, and takes symbols such as `|` or `$` for letters of a host name; Slack
 * links URLs itself unless a text object is `verbatim`). Every such link needs a scheme's colon, a
 * `//`, an `@` or a dot inside a host name, so those become look-alikes that no linker reads:
 * - a colon between a letter and a non-space (`https:`, `mailto:`) becomes `꞉` (U+A789);
 * - the first slash of `//` becomes `∕` (U+2215);
 * - `@` becomes `＠` (U+FF20): no e-mail link, and no `@name` for a platform that parses one;
 * - a dot followed by a letter, a symbol or a mark becomes `․` (U+2024), and so does a dot before
 *   a digit unless a digit is also before it (`www.0`), and every dot of a dotted number
 *   (`10.0.0.1`) but the last.
 *
 * Prices (`12.50`), times (`12:30`) and sentences (`Thanks. Bye`) are left as they are. The words
 * stay readable and searchable; only a copied URL no longer opens.
 *
 * @example
 * withoutAutolinks('Track it at https://evil.example/login'); // 'Track it at https꞉∕/evil․example/login'
 */
export function withoutAutolinks(text: string): string {
  return text
    .replace(/(?<=[A-Za-z]):(?=\S)/g, '\uA789')
    .replace(/\/(?=\/)/g, '\u2215')
    .replace(/@/g, '\uFF20')
    .replace(/\.(?=[^\s\p{P}\p{Cc}\p{N}])|(?<!\p{N})\.(?=\p{N})|(?<=\p{N})\.(?=\p{N}+\.\p{N})/gu, '\u2024');
}
