// The raw rows of stored records: each file's records keep the row they came from, as the file has
// it, in blocks of consecutive records (record_cells, migration 004). Rows are read back one at a
// time (the workbench's "raw cells"), never scanned, so a block is written for speed, not for reading:
//   codec 'brotli' (imports), Brotli at quality 0 (twice as fast as the fastest deflate here), of
//     delimited text:  {"delimiter":",","rows":[row numbers…],"lengths":[text lengths…]} LF the rows' lines, concatenated
//     spreadsheets:    {"rows":[[row number,[cell, …]], …]}
//   codec 'json' (rows moved out of the records table by migration 004): [[row number,[cell, …]], …]
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { DB } from '../workspace/db';
import { delimitedRows } from './readers/delimited';

export type RawCells = (string | null)[];
/** A row number and the row: its text line, or its cells. */
export type RawRow = [number, string | RawCells];

const BROTLI_FASTEST = { params: { [constants.BROTLI_PARAM_QUALITY]: 0 } };

export function encodeCellBlock(delimiter: string | null, rows: RawRow[]): Uint8Array {
  let text: string;
  if (delimiter === null) text = JSON.stringify({ rows });
  else {
    // Lines joined with their lengths beside them: no per-character JSON escaping of 100+ MB of text.
    const numbers = rows.map((r) => r[0]);
    const lines = rows.map((r) => r[1] as string);
    text = `${JSON.stringify({ delimiter, rows: numbers, lengths: lines.map((l) => l.length) })}\n${lines.join('')}`;
  }
  const z = brotliCompressSync(Buffer.from(text, 'utf8'), BROTLI_FASTEST);
  // A block of its own: the parse worker hands the underlying buffer over to the writing thread, and
  // zlib may return a view into a larger buffer.
  return z.byteOffset === 0 && z.byteLength === z.buffer.byteLength ? new Uint8Array(z.buffer) : new Uint8Array(z);
}

interface BlockRow {
  first_row: number;
  codec: 'json' | 'brotli';
  data: Uint8Array;
}

interface DecodedBlock {
  delimiter: string | null;
  rows: Map<number, string | RawCells>;
}

function decodeBlock(b: BlockRow): DecodedBlock {
  const text = (b.codec === 'brotli' ? brotliDecompressSync(b.data) : Buffer.from(b.data)).toString('utf8');
  if (b.codec === 'json') return { delimiter: null, rows: new Map(JSON.parse(text) as RawRow[]) };
  // JSON never holds a raw line feed: the first one ends the head.
  const lf = text.indexOf('\n');
  const head = JSON.parse(lf < 0 ? text : text.slice(0, lf)) as { delimiter?: string; rows: number[] | RawRow[]; lengths?: number[] };
  if (head.delimiter === undefined || !head.lengths) return { delimiter: null, rows: new Map(head.rows as RawRow[]) };
  const rows = new Map<number, string>();
  let at = lf + 1;
  (head.rows as number[]).forEach((n, i) => {
    const len = head.lengths![i]!;
    rows.set(n, text.slice(at, at + len));
    at += len;
  });
  return { delimiter: head.delimiter, rows };
}

/** A kept text line split into its cells by the same tokenizer the import used. */
function splitLine(line: string, delimiter: string): RawCells {
  for (const row of delimitedRows([line], delimiter, { fileName: '' })) return row.cells as string[];
  return [];
}

/**
 * Raw cells of rows of one file, by row number; a row without stored cells is absent from the result.
 * Each block is decoded once however many of the rows it holds.
 */
export function readRawCells(db: DB, fileId: number, rowNumbers: readonly number[]): Map<number, RawCells> {
  const blockOf = db.prepare('SELECT first_row, codec, data FROM record_cells WHERE file_id = ? AND first_row <= ? ORDER BY first_row DESC LIMIT 1');
  const decoded = new Map<number, DecodedBlock>();
  const out = new Map<number, RawCells>();
  for (const row of rowNumbers) {
    const found = blockOf.get(fileId, row) as BlockRow | undefined;
    if (!found) continue;
    let block = decoded.get(found.first_row);
    if (!block) {
      block = decodeBlock(found);
      decoded.set(found.first_row, block);
    }
    const raw = block.rows.get(row);
    if (raw === undefined) continue;
    // Copied out (JSON round trip) so a caller keeping a few rows does not keep their whole block alive:
    // substrings of the decoded block would.
    out.set(row, JSON.parse(JSON.stringify(typeof raw === 'string' ? splitLine(raw, block.delimiter ?? ',') : raw)) as RawCells);
  }
  return out;
}

/**
 * Visits the stored rows of one file that are in `wanted`, block by block (each block decoded once),
 * with their cells. For scans over a whole period (risk screening), where readRawCells' one lookup
 * per row would be too slow. The cells are views into the block: copy what is kept.
 */
export function forEachStoredRow(db: DB, fileId: number, wanted: ReadonlySet<number>, visit: (row: number, cells: RawCells) => void): void {
  const blocks = db.prepare('SELECT first_row, codec, data FROM record_cells WHERE file_id = ? ORDER BY first_row').iterate(fileId) as IterableIterator<BlockRow>;
  for (const b of blocks) {
    const block = decodeBlock(b);
    const d = block.delimiter ?? ',';
    for (const [row, raw] of block.rows) {
      if (!wanted.has(row)) continue;
      // A line without quotes splits as it is; quoted ones go through the import's own tokenizer.
      visit(row, typeof raw !== 'string' ? raw : raw.includes('"') ? splitLine(raw, d) : raw.replace(/\r$/, '').split(d));
    }
  }
}

/** Raw cells of stored records of any files, in the order given; [] for a row without stored cells. */
export function rawCellsOfRecords(db: DB, records: readonly { file_id: number; row_number: number }[]): RawCells[] {
  const byFile = new Map<number, Map<number, RawCells>>();
  for (const fileId of new Set(records.map((r) => r.file_id))) {
    byFile.set(fileId, readRawCells(db, fileId, records.filter((r) => r.file_id === fileId).map((r) => r.row_number)));
  }
  return records.map((r) => byFile.get(r.file_id)!.get(r.row_number) ?? []);
}

/** The header of a file as it was read (null for files imported before headers were kept). */
export function fileHeader(db: DB, fileId: number): string[] | null {
  const row = db.prepare('SELECT header FROM source_files WHERE id = ?').get(fileId) as { header: string | null } | undefined;
  return row?.header ? (JSON.parse(row.header) as string[]) : null;
}
