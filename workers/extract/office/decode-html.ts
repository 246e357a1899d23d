/**
 * A web page's text from its bytes (a crawled listing, a disclosure saved as HTML), the way a browser decodes it: the charset the response's Content-Type
 * names, else a byte-order mark, else a `<meta charset>` or `<meta http-equiv="Content-Type">` in the first
 * kilobytes, else UTF-8 if the bytes are valid UTF-8, else GB18030 (what Chinese portals without a label send).
 * Labels are WHATWG's (`gb2312`, `gbk`, `x-gbk` decode as GBK; TextDecoder knows them all).
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null): { text: string; charset: string } {
  const declared = charsetOf(contentType) ?? bomCharset(bytes) ?? metaCharset(bytes);
  if (declared) {
    const decoder = decoderFor(declared);
    if (decoder) return { text: decoder.decode(bytes), charset: decoder.encoding };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), charset: 'gb18030' };
  }
}

function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null;
  }
}

function charsetOf(contentType: string | null): string | null {
  return contentType ? (/charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? null) : null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

/** The charset a `<meta>` in the first 4 KB declares; read as Latin-1, since only ASCII matters there. */
function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const direct = /\bcharset\s*=\s*["']?([\w.:-]+)/i.exec(tag)?.[1];
    if (direct) return direct;
  }
  return null;
}
