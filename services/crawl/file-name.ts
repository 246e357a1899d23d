/**
 * The name a fetched document is stored under: the server's `Content-Disposition` filename (RFC 6266, the UTF-8
 * `filename*` first), else the last part of the URL's path, decoded, else the link's text; `.pdf` added where the
 * name has no extension. Portals name attachments `P020240315….pdf` or `download.jsp?id=…`: the link text then
 * says more, but the name is only for people, the document's id is its sha256.
 */
/** What a document's name ends in; `download.jsp` or `show.aspx` name the script that served it, not the file. */
const DOCUMENT_EXTENSION = /\.(pdf|ofd|docx?|xlsx?|wps|et|html?)$/i;

export function documentFileName(url: string, contentDisposition: string | null, linkText: string | null): string {
  const fromHeader = contentDisposition ? dispositionName(contentDisposition) : null;
  const segment = safeDecode(new URL(url).pathname.split('/').pop() ?? '');
  const name = fromHeader || (DOCUMENT_EXTENSION.test(segment) ? segment : '') || linkText?.trim() || segment || 'document';
  const clean = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 200);
  return DOCUMENT_EXTENSION.test(clean) ? clean : `${clean}.pdf`;
}

function dispositionName(header: string): string | null {
  const extended = /filename\*\s*=\s*([\w-]+)''([^;]+)/i.exec(header);
  if (extended) return safeDecode(extended[2]!.trim());
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const value = (plain?.[1] ?? plain?.[2])?.trim();
  return value ? safeDecode(value) : null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
