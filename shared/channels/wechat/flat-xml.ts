const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Reads WeChat's flat message XML (`<xml><Name><![CDATA[value]]></Name>...</xml>`) into a map of
 * element names to text. Values stay strings (MsgId exceeds 2^53). Documents with a DOCTYPE or
 * entity declarations are refused; nested elements are read by their own names.
 *
 * @example
 * readFlatXml('<xml><MsgType><![CDATA[text]]></MsgType></xml>'); // { MsgType: 'text' }
 */
export function readFlatXml(text: string): Record<string, string> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<xml>') || !trimmed.endsWith('</xml>') || /<!(DOCTYPE|ENTITY)/i.test(trimmed))
    return undefined;
  const fields: Record<string, string> = {};
  const element = /<([A-Za-z_][\w.-]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;
  for (const match of trimmed.matchAll(element)) {
    const [, name = '', cdata, plain] = match;
    if (name === 'xml') continue;
    fields[name] =
      cdata ??
      (plain ?? '').replace(/&(lt|gt|amp|quot|apos);/g, (_, entity: string) => entities[entity] ?? '');
  }
  return fields;
}
