// Several files picked as one bill (a folder of daily files): packed, uncompressed, into one ZIP in
// memory, so they go through exactly the path of a monthly ZIP of daily files — every file that fits
// the profile read as one bill, each checked against its own totals, the others listed in the summary.
// The packing is deterministic (entries sorted by name, a fixed timestamp): the same files picked
// again give the same bytes, and so are recognised as already imported.
import { zipSync, type Zippable } from 'fflate';

/** A fixed entry time: 1980-01-01, the earliest a ZIP can hold. */
const FIXED_TIME = new Date(1980, 0, 1);

export function bundleFiles(files: { name: string; bytes: Uint8Array }[]): Uint8Array {
  const entries: Zippable = {};
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    entries[f.name] = [f.bytes, { level: 0, mtime: FIXED_TIME }];
  }
  return zipSync(entries, { level: 0, mtime: FIXED_TIME });
}
