// Reading one file into normalised records, apart from storing them: open the bytes the way the
// pipeline chose, skip what lies above the header, send every data row through the profile, and hand
// the records on in packed batches. Pure apart from the CPU it takes, so it runs either in the
// importing thread or in a parse worker (parse-worker.ts) while the importing thread writes the
// previous batch — on a 1,000,000-row bill the two halves take about the same time.
//
// A batch is packed for the trip between threads: strings concatenated into one string with their
// lengths beside them, numbers in a Float64Array, and the rows' raw cells as one compressed block.
// Copying three buffers is cheap; a million small objects would cost the receiving (writing) thread
// more than the inserts themselves.
import type { Profile } from '../../../shared/profile';
import { UserError } from '../errors';
import { contentCheck } from '../integrity/digest';
import { findHeader, headerCells, RowCursor, walkData, type FooterLine, type SkipReason, type SummaryRow } from './layout';
import { compileMapping, type MappingContext, type NormalisedRecord } from './mapping';
import { encodeCellBlock, type RawRow } from './cells';
import { rawText } from './normalize';
import { openSource } from './readers';
import type { OpenOptions } from './source';

/** Everything needed to read a file again in another thread: plain data, structured-clone safe. */
export interface ParseJob {
  bytes: Uint8Array;
  fileName: string;
  open: OpenOptions;
  /** Index of the chosen table in openSource(bytes, fileName, open).tables. */
  tableIndex: number;
  profile: Profile;
  mapping: MappingContext;
}

export interface Sums {
  payments: number;
  refunds: number;
  gross: number;
  refundsMinor: number;
  payFees: number;
  refundFees: number;
}

/** What reading the whole file found, besides the records themselves. */
export interface ParseResult {
  header: string[];
  rowsInFile: number;
  skipped: Record<string, number>;
  filtered: Record<string, number>;
  rejected: Record<string, number>;
  /** Records handed on (stored or already present). */
  kept: number;
  fileSums: Sums;
  footerLines: FooterLine[];
  summaryRow: SummaryRow | null;
  currencies: string[];
}

/** String fields per record: order, txn, refund, status, account, memo, natural key. */
const STRINGS_PER_ROW = 7;
/**
 * Numbers of a record, in packing order: kind (1 = refund), amount, fee, refunded (NaN = none), time,
 * row number, group (index into the batch's `groups`), content check (integrity/digest.ts).
 */
const NUMBERS_PER_ROW = 8;

/**
 * Channel, currency and period: the same for nearly every row of a bill, so each batch lists the
 * combinations once and a row carries its index. The writer keeps one prepared INSERT per group,
 * with the three values written into it rather than bound a million times.
 */
export interface RecordGroup {
  channelId: string;
  currency: string;
  period: string;
}

export interface RecordBatch {
  count: number;
  /** Every string field of every row, concatenated. */
  text: string;
  /** Length of each string field in `text`, STRINGS_PER_ROW per row; -1 for null. */
  lengths: Int32Array;
  numbers: Float64Array;
  groups: RecordGroup[];
  /** The rows as the file has them: a compressed cell block (cells.ts, record_cells.data). */
  cells: Uint8Array;
  firstRow: number;
  lastRow: number;
  /** Rows of the file read so far (for progress). */
  rowsRead: number;
}

/** Records per batch: one raw-cell block, one message between threads. */
const BATCH_ROWS = 4096;

/** Builds batches row by row; `flush` returns the batch and starts the next. */
class BatchBuilder {
  private text = '';
  private lengths = new Int32Array(BATCH_ROWS * STRINGS_PER_ROW);
  private numbers = new Float64Array(BATCH_ROWS * NUMBERS_PER_ROW);
  private cells: RawRow[] = [];
  private count = 0;
  private groups: RecordGroup[] = [];
  private lastGroup = -1;

  /** `delimiter`: the rows are delimited text lines, kept whole; else each row is its cells. */
  constructor(private readonly delimiter: string | null) {}

  get size(): number {
    return this.count;
  }

  private str(slot: number, v: string | null): void {
    if (v === null) this.lengths[slot] = -1;
    else {
      this.lengths[slot] = v.length;
      this.text += v;
    }
  }

  private groupOf(r: NormalisedRecord): number {
    const last = this.groups[this.lastGroup];
    if (last && last.channelId === r.channelId && last.currency === r.currency && last.period === r.period) return this.lastGroup;
    let g = this.groups.findIndex((x) => x.channelId === r.channelId && x.currency === r.currency && x.period === r.period);
    if (g < 0) g = this.groups.push({ channelId: r.channelId, currency: r.currency, period: r.period }) - 1;
    this.lastGroup = g;
    return g;
  }

  add(r: NormalisedRecord, rowNumber: number, raw: string | (string | null)[]): void {
    const s = this.count * STRINGS_PER_ROW;
    this.str(s, r.orderId);
    this.str(s + 1, r.channelTxnId);
    this.str(s + 2, r.refundId);
    this.str(s + 3, r.status);
    this.str(s + 4, r.account);
    this.str(s + 5, r.memo);
    this.str(s + 6, r.naturalKey);
    const n = this.count * NUMBERS_PER_ROW;
    this.numbers[n] = r.kind === 'refund' ? 1 : 0;
    this.numbers[n + 1] = r.amountMinor;
    this.numbers[n + 2] = r.feeMinor;
    this.numbers[n + 3] = r.refundedMinor ?? Number.NaN;
    this.numbers[n + 4] = r.occurredAt;
    this.numbers[n + 5] = rowNumber;
    this.numbers[n + 6] = this.groupOf(r);
    this.numbers[n + 7] = contentCheck(r);
    this.cells.push([rowNumber, raw]);
    this.count++;
  }

  flush(rowsRead: number): RecordBatch {
    const batch: RecordBatch = {
      count: this.count,
      text: this.text,
      lengths: this.lengths.slice(0, this.count * STRINGS_PER_ROW),
      numbers: this.numbers.slice(0, this.count * NUMBERS_PER_ROW),
      groups: this.groups,
      cells: encodeCellBlock(this.delimiter, this.cells),
      firstRow: this.cells[0]![0],
      lastRow: this.cells[this.count - 1]![0],
      rowsRead,
    };
    this.text = '';
    this.cells = [];
    this.count = 0;
    this.groups = [];
    this.lastGroup = -1;
    return batch;
  }
}


/** The records of a batch, one at a time; `record(i)` allocates only the record itself. */
export class BatchReader {
  private readonly offsets: Int32Array;
  constructor(private readonly batch: RecordBatch) {
    // Start of each string field in `text`.
    const n = batch.count * STRINGS_PER_ROW;
    this.offsets = new Int32Array(n);
    let at = 0;
    for (let k = 0; k < n; k++) {
      this.offsets[k] = at;
      const len = batch.lengths[k]!;
      if (len > 0) at += len;
    }
  }

  private str(k: number): string | null {
    const len = this.batch.lengths[k]!;
    if (len < 0) return null;
    const at = this.offsets[k]!;
    return this.batch.text.substring(at, at + len);
  }

  /** Row i: its record, its row number in the file, its group (channel, currency, period) and content check. */
  record(i: number): { record: NormalisedRecord; rowNumber: number; group: number; contentCheck: number } {
    const s = i * STRINGS_PER_ROW;
    const n = i * NUMBERS_PER_ROW;
    const nums = this.batch.numbers;
    const refunded = nums[n + 3]!;
    const group = nums[n + 6]!;
    const g = this.batch.groups[group]!;
    return {
      record: {
        channelId: g.channelId,
        kind: nums[n] === 1 ? 'refund' : 'payment',
        orderId: this.str(s),
        channelTxnId: this.str(s + 1),
        refundId: this.str(s + 2),
        amountMinor: nums[n + 1]!,
        feeMinor: nums[n + 2]!,
        refundedMinor: Number.isNaN(refunded) ? null : refunded,
        currency: g.currency,
        status: this.str(s + 3),
        occurredAt: nums[n + 4]!,
        period: g.period,
        account: this.str(s + 4),
        memo: this.str(s + 5),
        naturalKey: this.str(s + 6)!,
      },
      rowNumber: nums[n + 5]!,
      group,
      contentCheck: nums[n + 7]!,
    };
  }
}

class Counter {
  readonly map = new Map<string, number>();
  total = 0;
  add(reason: string): void {
    this.map.set(reason, (this.map.get(reason) ?? 0) + 1);
    this.total++;
  }
}

function emptySums(): Sums {
  return { payments: 0, refunds: 0, gross: 0, refundsMinor: 0, payFees: 0, refundFees: 0 };
}

function addToSums(s: Sums, r: NormalisedRecord): void {
  if (r.kind === 'payment') {
    s.payments++;
    s.gross += r.amountMinor;
    s.payFees += r.feeMinor;
  } else {
    s.refunds++;
    s.refundsMinor += r.amountMinor;
    s.refundFees += r.feeMinor;
  }
}

const SCAN_LIMIT = 200;
const TICK_EVERY = 1024;

export function cancelled(fileName: string): UserError {
  return new UserError('import.cancelled', `已取消导入 ${fileName}，未导入任何数据`, `Import of ${fileName} was cancelled; nothing was imported`, { file: fileName });
}

/**
 * Reads every row of the job's table, normalised and checked, and hands the records on in batches of
 * BATCH_ROWS. Throws a UserError for the first row that cannot be read. `tick` is called every few
 * thousand rows with the rows read so far, and stops the reading by returning true (cancel, or the
 * writer gave up).
 */
export function parseFile(job: ParseJob, emit: (batch: RecordBatch) => void, tick: (rowsRead: number) => boolean): ParseResult {
  const { profile, fileName } = job;
  const table = openSource(job.bytes, fileName, job.open).tables[job.tableIndex];
  if (!table) throw new Error(`table ${job.tableIndex} of ${fileName} not found`);
  const isText = table.encoding !== null;
  const cursor = new RowCursor(table);
  const skipped = new Counter();
  const filtered = new Counter();
  const rejected = new Counter();
  const fileSums = emptySums();
  const footerLines: FooterLine[] = [];
  let summaryRow: SummaryRow | null = null;
  const currencies = new Set<string>();
  const batch = new BatchBuilder(isText ? (table.delimiter ?? ',') : null);
  let rowsInFile = 0;
  let kept = 0;

  // Rows above the header: title, key/value lines, `#` preamble.
  const headerAt = findHeader(cursor.peek(SCAN_LIMIT), profile);
  if (headerAt < 0) throw new Error(`header of ${fileName} not found again`);
  for (let i = 0; i < headerAt; i++) {
    cursor.next();
    rowsInFile++;
    skipped.add('preamble');
  }
  const header = headerCells(cursor.next()!);
  rowsInFile++;
  skipped.add('header');
  const normalise = compileMapping(profile, header, job.mapping);

  walkData(cursor, profile, {
    skip(reason: SkipReason) {
      rowsInFile++;
      skipped.add(reason);
    },
    footerLine(line) {
      footerLines.push(line);
    },
    summaryRow(row) {
      summaryRow = row;
    },
    data(row) {
      rowsInFile++;
      if (isText && row.cells.length < header.length) {
        throw new UserError(
          'import.truncated_row',
          `文件 ${fileName} 第 ${row.rowNumber} 行只有 ${row.cells.length} 列，表头有 ${header.length} 列：文件可能不完整（下载中断）。请重新下载后再导入。未导入任何数据。`,
          `File ${fileName}, row ${row.rowNumber} has ${row.cells.length} cells but the header has ${header.length}: the file looks cut short. Download it again and import the new file. Nothing was imported.`,
          { file: fileName, row: row.rowNumber, cells: row.cells.length, expected: header.length, reason: 'truncated' },
        );
      }
      const outcome = normalise(row.cells, row.rowNumber);
      if (outcome.type === 'filtered') filtered.add(outcome.reason);
      else if (outcome.type === 'rejected') rejected.add(outcome.reason);
      else {
        const r = outcome.record;
        // Text tables hold plain strings: their cells already are the raw values.
        // A text row is kept as its line (one string); a sheet row as its cells as the file wrote them.
        batch.add(r, row.rowNumber, isText && row.line !== undefined ? row.line : row.cells.map(rawText));
        kept++;
        addToSums(fileSums, r);
        currencies.add(r.currency);
        if (batch.size === BATCH_ROWS) emit(batch.flush(rowsInFile));
      }
      if (rowsInFile % TICK_EVERY === 0 && tick(rowsInFile)) throw cancelled(fileName);
      return true;
    },
  });
  if (batch.size > 0) emit(batch.flush(rowsInFile));
  return {
    header,
    rowsInFile,
    skipped: Object.fromEntries(skipped.map),
    filtered: Object.fromEntries(filtered.map),
    rejected: Object.fromEntries(rejected.map),
    kept,
    fileSums,
    footerLines,
    summaryRow,
    currencies: [...currencies],
  };
}
