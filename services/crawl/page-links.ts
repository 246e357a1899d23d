import * as cheerio from 'cheerio';

export type PageLink = { url: string; text: string };

/**
 * The links of a listing page, resolved against the page's address (or its `<base href>`), without fragments,
 * each once, in page order, with the link's text (often the unit's or the document's name) or its title.
 * `javascript:` and `mailto:` links and anything not http(s) are left out.
 */
export function pageLinks(html: string, pageUrl: string): PageLink[] {
  const $ = cheerio.load(html);
  const base = resolve($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
  const seen = new Set<string>();
  const out: PageLink[] = [];
  $('a[href], area[href]').each((_, element) => {
    const url = resolve($(element).attr('href'), base);
    if (!url || seen.has(url)) return;
    seen.add(url);
    const text = $(element).text().replace(/\s+/g, ' ').trim() || ($(element).attr('title') ?? '').trim();
    out.push({ url, text });
  });
  return out;
}

function resolve(href: string | undefined, base: string): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

/** The title a page gives itself, for a report that says what an HTML page served as a document was. */
export function pageTitle(html: string): string {
  return cheerio.load(html)('title').first().text().replace(/\s+/g, ' ').trim();
}
