const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const elementName = /^[A-Za-z_][\w.-]*$/;
const cdataOpen = '<![CDATA[';

/**
 * Reads WeChat's flat message XML (`<xml><Name><![CDATA[value]]></Name>...</xml>`) into a map of
 * element names to text. Values stay strings (MsgId exceeds 2^53). Documents with a DOCTYPE or
 * entity declarations are refused; nested elements are read by their own names; a value split
 * into several CDATA sections (how XML writers escape `]]>`) is joined.
 *
 * One pass, each character looked at a bounded number of times: the safe-mode verifier reads the
 * signed `<Encrypt>` value before the signature is known, so the cost of any body, hostile or not,
 * must stay linear in its size.
 *
 * @example
 * readFlatXml('<xml><MsgType><![CDATA[text]]></MsgType></xml>'); // { MsgType: 'text' }
 */
export function readFlatXml(text: string): Record<string, string> | undefined {
  const xml = text.trim();
  if (!xml.startsWith('<xml>') || !xml.endsWith('</xml>') || /<!(DOCTYPE|ENTITY)/i.test(xml))
    return undefined;
  const fields: Record<string, string> = {};
  // The innermost element opened since the last tag, and its text while it has no child element.
  let open: string | undefined;
  let value = '';
  let position = 0;
  while (position < xml.length) {
    const lt = xml.indexOf('<', position);
    if (lt < 0) break;
    if (open !== undefined) value += decodeEntities(xml.slice(position, lt));
    if (xml.startsWith(cdataOpen, lt)) {
      const end = xml.indexOf(']]>', lt + cdataOpen.length);
      if (end < 0) return undefined;
      if (open !== undefined) value += xml.slice(lt + cdataOpen.length, end);
      position = end + 3;
      continue;
    }
    const gt = xml.indexOf('>', lt + 1);
    if (gt < 0) return undefined;
    const tag = xml.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      if (open !== undefined && tag.slice(1) === open && open !== 'xml') fields[open] = value;
      open = undefined;
    } else if (elementName.test(tag)) {
      open = tag;
      value = '';
    } else {
      // A comment, processing instruction or self-closing tag: the enclosing value is not plain text.
      open = undefined;
    }
    position = gt + 1;
  }
  return fields;
}

function decodeEntities(text: string): string {
  return text.includes('&')
    ? text.replace(/&(lt|gt|amp|quot|apos);/g, (_, entity: string) => entities[entity] ?? '')
    : text;
}
