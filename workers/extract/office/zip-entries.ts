import { unzipSync } from 'fflate';
import { PermanentError } from '../../errors.ts';

/** An entry inflated larger than this is refused: no part of a disclosure is that big. */
export const MAX_ENTRY_BYTES = 128 * 2 ** 20;
/**
 * Inflated size over stored size above which an entry is taken for a ZIP bomb. Word's XML packs 10–30 times,
 * a page of empty table cells up to about 100; bombs pack a thousand times and more.
 */
const MAX_RATIO = 400;

/**
 * The named entries of a ZIP archive, inflated, after checking the sizes its directory declares: an entry
 * declared too large, or packed as only a bomb packs, fails the document before anything is inflated.
 * (fflate inflates into a buffer of the declared size, so a size lied about cannot grow past it.)
 */
export function zipEntries(bytes: Uint8Array, wanted: (name: string) => boolean): Map<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!wanted(file.name)) return false;
        if (file.originalSize > MAX_ENTRY_BYTES) throw new PermanentError(`${file.name} inflates to ${mb(file.originalSize)} MB, over the ${mb(MAX_ENTRY_BYTES)} MB read from one part of a file`);
        if (file.originalSize > 2 ** 20 && file.originalSize > MAX_RATIO * Math.max(1, file.size)) {
          throw new PermanentError(`${file.name} inflates ${Math.round(file.originalSize / Math.max(1, file.size))} times its stored size (${mb(file.originalSize)} MB): a ZIP bomb, not a document`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    throw new PermanentError(`damaged ZIP archive (${error instanceof Error ? error.message : String(error)})`);
  }
  return new Map(Object.entries(files));
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
