import { SaxesParser } from 'saxes';
import { zipEntries } from './zip-entries.ts';

/** A picture placed on a sheet: the part holding it and the row its top-left corner is anchored at (from 0). */
export type SheetPicture = { part: string; row: number };

/**
 * The pictures of an .xlsx per sheet name (a form pasted into a sheet as a picture), from the workbook's
 * relationships: sheet → drawing → the pictures it anchors, each with its anchor row; and their bytes.
 */
export function workbookPictures(bytes: Uint8Array): { bySheet: Map<string, SheetPicture[]>; parts: Map<string, Uint8Array> } {
  const parts = zipEntries(bytes, (name) => /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|worksheets\/_rels\/.*\.rels|drawings\/.*\.xml|drawings\/_rels\/.*\.rels|media\/.*)$/.test(name));
  const bySheet = new Map<string, SheetPicture[]>();
  const workbookRels = rels(parts, 'xl/workbook.xml');
  for (const { name, id } of sheetsOf(parts.get('xl/workbook.xml'))) {
    const sheet = workbookRels.get(id);
    if (!sheet) continue;
    const pictures: SheetPicture[] = [];
    for (const drawing of rels(parts, sheet).values()) {
      if (!drawing.includes('/drawings/')) continue;
      const media = rels(parts, drawing);
      for (const { id: embed, row } of anchorsOf(parts.get(drawing))) {
        const part = media.get(embed);
        if (part && parts.has(part)) pictures.push({ part, row });
      }
    }
    if (pictures.length) bySheet.set(name, pictures.sort((a, b) => a.row - b.row));
  }
  return { bySheet, parts: new Map([...parts].filter(([name]) => name.startsWith('xl/media/'))) };
}

/** A part's relationships: id → the part it names, as a path inside the archive. */
function rels(parts: Map<string, Uint8Array>, part: string): Map<string, string> {
  const folder = part.slice(0, part.lastIndexOf('/'));
  const file = `${folder}/_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;
  const map = new Map<string, string>();
  parse(parts.get(file), (name, a) => {
    if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') map.set(a.Id, resolve(folder, a.Target));
  });
  return map;
}

function sheetsOf(xml: Uint8Array | undefined): { name: string; id: string }[] {
  const sheets: { name: string; id: string }[] = [];
  parse(xml, (name, a) => {
    if (name === 'sheet' && a.name && a['r:id']) sheets.push({ name: a.name, id: a['r:id'] });
  });
  return sheets;
}

/** The pictures a drawing anchors: each `a:blip`'s relationship and the row of the anchor it is in. */
function anchorsOf(xml: Uint8Array | undefined): { id: string; row: number }[] {
  const found: { id: string; row: number }[] = [];
  let row = 0, inFrom = false, inRow = false;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'xdr:from') inFrom = true;
    else if (tag.name === 'xdr:row' && inFrom) inRow = true;
    else if (tag.name === 'a:blip' && a['r:embed']) found.push({ id: a['r:embed'], row });
  });
  parser.on('text', (text) => {
    if (inRow) row = Number(text.trim()) || 0;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'xdr:from') inFrom = false;
    else if (tag.name === 'xdr:row') inRow = false;
  });
  if (xml) parser.write(new TextDecoder('utf-8').decode(xml)).close();
  return found;
}

function parse(xml: Uint8Array | undefined, open: (name: string, attributes: Record<string, string>) => void): void {
  if (!xml) return;
  const parser = new SaxesParser({ xmlns: false });
  parser.on('opentag', (tag) => open(tag.name, tag.attributes as Record<string, string>));
  parser.write(new TextDecoder('utf-8').decode(xml)).close();
}

/** `target` relative to `folder` (`../media/image1.png` from `xl/drawings`), or from the root when it starts with /. */
function resolve(folder: string, target: string): string {
  const out = target.startsWith('/') ? [] : folder.split('/');
  for (const piece of target.replace(/^\//, '').split('/')) {
    if (piece === '..') out.pop();
    else if (piece !== '.' && piece) out.push(piece);
  }
  return out.join('/');
}
