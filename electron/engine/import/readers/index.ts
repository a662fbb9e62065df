// Bytes → tables of rows. The entry point of the import pipeline's reading stage: sniff what the
// file really is (extensions lie: .xls files named .CSV, CSVs named .xlsx), refuse what cannot be
// read with a reason the user can act on, and hand the profile layer plain rows. No channel
// knowledge lives here.

import { createHash } from 'node:crypto';
import { Gunzip } from 'fflate';
import { UserError } from '../../errors';
import type { Container, OpenOptions, OpenedSource, SourceTable } from '../source';
import { decodeText } from './text';
import { delimitedRows, delimiterOption, detectDelimiter } from './delimited';
import { classifyOle, OLE_MAGIC } from './ole';
import { refuse, type Place } from './refusals';
import { entryPlace, inflateEntry, isDirectory, readZip, ZIP_LIMITS, type ZipArchive } from './zip';
import { readXls } from './xls';
import { readXlsx } from './xlsx';
import { fixedWidthTable } from './fixed-width';
import { HTML_PAGE, htmlSourceTables } from './html';

export type { OpenOptions } from '../source';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type Sniffed = 'zip' | 'ole' | 'gzip' | 'pdf' | 'text';

function startsWith(b: Uint8Array, magic: readonly number[]): boolean {
  if (b.length < magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (b[k] !== magic[k]) return false;
  return true;
}

/** The real type from the first bytes. Anything that is not a known container is treated as text. */
function sniff(b: Uint8Array): Sniffed {
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(b, OLE_MAGIC)) return 'ole';
  if (startsWith(b, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  return 'text';
}

/** A ZIP entry is read by default when its name says it is a bill. */
const BILL_ENTRY = /\.(csv|txt|tsv|xls|xlsx)$/i;
/** ZIPs inside ZIPs are followed this deep, no deeper. */
const MAX_DEPTH = 2;

interface Opened {
  container: Container;
  tables: SourceTable[];
}

/**
 * Opens a bill. Refusals are UserErrors with keys `import.*`. Text is decoded here (so an unreadable
 * encoding or binary junk is refused at once); rows are split lazily when a table is iterated.
 */
export function openSource(bytes: Buffer | Uint8Array, fileName: string, options: OpenOptions = {}): OpenedSource {
  const notes: string[] = [];
  const { container, tables } = openBytes(bytes, fileName, { fileName }, options, notes, 0);
  return { fileName, container, tables, notes };
}

function openBytes(bytes: Uint8Array, name: string, place: Place, options: OpenOptions, notes: string[], depth: number): Opened {
  if (bytes.length === 0) throw refuse.emptyFile(place);
  const prefix = place.part;
  switch (sniff(bytes)) {
    case 'pdf':
      throw refuse.pdf(place);
    case 'gzip':
      return { container: 'gzip', tables: openBytes(gunzip(bytes, place), name.replace(/\.gz$/i, ''), place, options, notes, depth + 1).tables };
    case 'ole': {
      const kind = classifyOle(bytes, place, name);
      if (kind === 'encrypted') throw refuse.passwordProtected(place);
      if (kind === 'wps') throw refuse.wpsEt(place);
      return { container: 'xls', tables: readXls(bytes, place, options.sheet, notes, prefix) };
    }
    case 'zip': {
      const zip = readZip(bytes, place);
      if (zip.entries.some((e) => e.name === 'xl/workbook.xml')) {
        return { container: 'xlsx', tables: readXlsx(zip, options.sheet, notes, prefix) };
      }
      if (zip.entries.some((e) => e.name === 'xl/workbook.bin')) throw refuse.xlsb(place);
      if (depth >= MAX_DEPTH) throw refuse.unsupportedZip(place, 'ZIP nested too deep');
      return { container: 'zip', tables: openZipOfBills(zip, options, notes, depth) };
    }
    case 'text': {
      if (/\.et$/i.test(name)) throw refuse.wpsEt(place);
      return textTables(bytes, name, place, options);
    }
  }
}

/** Excel 2003 XML saved with an .xls name: not a table we read (long numbers may already be altered). */
const XML_WORKBOOK = /^\s*<\?xml[^>]*>\s*(?:<\?mso-application[^>]*>\s*)?<workbook/i;

/**
 * A text file: a web page's tables (bank portals' "Excel" export), fixed-width records when the
 * profile declares them, else delimited rows.
 */
function textTables(bytes: Uint8Array, name: string, place: Place, options: OpenOptions): Opened {
  const decoded = decodeText(bytes, place, options.encoding);
  const start = decoded.head.slice(0, 1024);
  const tableName = place.part ?? name;
  if (XML_WORKBOOK.test(start)) throw refuse.webPage(place);
  if (HTML_PAGE.test(start)) {
    const tables = htmlSourceTables([...decoded.pieces()].join(''), tableName, decoded.encoding);
    if (tables.length === 0) throw refuse.webPageWithoutTable(place);
    return { container: 'html', tables };
  }
  if (options.fixedWidth) {
    return { container: 'fixed-width', tables: [fixedWidthTable(decoded.body, decoded.head, () => decoded.pieces(), decoded.encoding, tableName, place, options.fixedWidth)] };
  }
  const delimiter = options.delimiter !== undefined ? delimiterOption(options.delimiter, place) : detectDelimiter(decoded.head);
  return { container: 'csv', tables: [{ name: tableName, encoding: decoded.encoding, delimiter, rows: () => delimitedRows(decoded.pieces(), delimiter, place) }] };
}

function openZipOfBills(zip: ZipArchive, options: OpenOptions, notes: string[], depth: number): SourceTable[] {
  let pattern: RegExp | null = null;
  if (options.entryPattern !== undefined) {
    try {
      pattern = new RegExp(options.entryPattern);
    } catch {
      throw refuse.badEntryPattern(zip.place, options.entryPattern);
    }
  }
  const extras = (options.extraEntries ?? []).flatMap((p) => {
    try {
      return [new RegExp(p, 'u')];
    } catch {
      return [];
    }
  });
  const tables: SourceTable[] = [];
  const files = zip.entries.filter((e) => !isDirectory(e));
  for (const entry of files) {
    const base = entry.name.split(/[/\\]/).pop() ?? entry.name;
    const wanted = pattern
      ? pattern.test(entry.name)
      : (BILL_ENTRY.test(entry.name) || extras.some((re) => re.test(entry.name))) && !entry.name.startsWith('__MACOSX/') && !base.startsWith('.');
    if (!wanted) {
      notes.push(`已跳过压缩包内的文件「${entry.name}」 / ZIP entry skipped: "${entry.name}"`);
      continue;
    }
    const inner = inflateEntry(zip, entry);
    if (inner.length === 0) {
      // A day without a bill in a folder or ZIP of daily files: noted, the other entries still read.
      notes.push(`压缩包内的「${entry.name}」是空文件（0 字节），已跳过 / ZIP entry "${entry.name}" is empty (0 bytes) and was skipped`);
      continue;
    }
    tables.push(...openBytes(inner, entry.name, entryPlace(zip, entry), options, notes, depth + 1).tables);
  }
  if (tables.length === 0) throw refuse.noReadableEntry(zip.place, files.map((e) => e.name));
  return tables;
}

/**
 * WeChat's `tar_type=GZIP` bills. Inflated as a stream with a byte budget (the trailer's declared
 * size cannot be trusted before the data is known to be complete), then the output length must
 * match the trailer, which also catches a cut-off download.
 */
function gunzip(bytes: Uint8Array, place: Place): Uint8Array {
  if (bytes.length < 18) throw refuse.truncated(place, 'GZIP 数据不完整 / GZIP data incomplete');
  const cap = ZIP_LIMITS.maxEntryBytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > cap) throw refuse.zipBomb(place, `> ${cap / 1048576} MB`);
    chunks.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw refuse.truncated(place, '压缩数据中断 / compressed data ends early');
  }
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
  if (total >>> 0 !== declared) throw refuse.truncated(place, `inflated ${total} bytes, trailer says ${declared}`);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The floor for the import bench: decode and split the same bytes, counting rows, with nothing
 * else. An import cannot be faster than this.
 */
export function readerFloor(bytes: Uint8Array, fileName = 'bench'): { rows: number; tables: number } {
  const source = openSource(bytes, fileName);
  let rows = 0;
  for (const table of source.tables) for (const _row of table.rows()) rows++;
  return { rows, tables: source.tables.length };
}
