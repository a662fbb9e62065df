// The records of one channel and period, found without a per-row index. An import inserts all rows
// of a file in one transaction, so they take consecutive ids; record_ranges (migration 004) keeps,
// per file, channel, period and side, the first and last id and the count. "This channel's October"
// is then a few rowid ranges of the records table, read in order, instead of an index entry plus a
// table lookup per row — and the import no longer pays for a million entries of a period index.
//
// Whatever inserts records must also record their ranges and the file's digest: importFile does; so
// does refreshRecordRanges() for anything else (tests and benches that write records directly). A range is a bound,
// not a promise: rows are matched to it by file too, so interleaved ids could only cost speed.
import { digestStoredFiles } from '../integrity/digest';
import type { DB } from './db';

/**
 * `FROM` source for the records of a channel and period: their ranges (`<alias>_range`) joined to the
 * records themselves (`<alias>`). The caller filters the ranges, e.g.
 * `WHERE r_range.channel_id = ? AND r_range.period = ? AND r_range.side = 'channel'`.
 * CROSS JOIN keeps the ranges as the outer loop, and NOT INDEXED keeps SQLite from walking the
 * channel's order index over every period instead: each range is one rowid range scan.
 */
export function periodRecords(alias = 'r'): string {
  const g = `${alias}_range`;
  return `record_ranges ${g} CROSS JOIN records ${alias} NOT INDEXED ON ${alias}.id BETWEEN ${g}.first_id AND ${g}.last_id
    AND ${alias}.file_id = ${g}.file_id AND ${alias}.channel_id = ${g}.channel_id AND ${alias}.period = ${g}.period AND ${alias}.side = ${g}.side`;
}

/**
 * True for a range whose every id is one of its records (a bill of one channel and one month): a
 * table keyed by record id can then be read over the range without looking at the records.
 */
export function wholeRange(g: string): string {
  return `(${g}.last_id - ${g}.first_id + 1 = ${g}.records)`;
}

/**
 * Writes the ranges of one file's records again from the records themselves, and the file's
 * integrity digest (integrity/digest.ts) from the records as they are now.
 */
export function refreshRecordRanges(db: DB, fileId: number): void {
  db.prepare('DELETE FROM record_ranges WHERE file_id = ?').run(fileId);
  db.prepare(`INSERT INTO record_ranges (channel_id, period, side, file_id, first_id, last_id, records)
    SELECT channel_id, period, side, file_id, MIN(id), MAX(id), COUNT(*) FROM records WHERE file_id = ? GROUP BY channel_id, period, side`).run(fileId);
  digestStoredFiles(db, 'direct', [fileId]);
}
