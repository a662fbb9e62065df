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
import type { AsideTotals } from '../../../shared/contract/import';
import { UserError } from '../errors';
import { cellText, RowCursor, takeHeader, walkData, type FooterLine, type SkipReason, type SummaryRow } from './layout';
import { compileMapping, HeaderIndex, missingColumn, tableContextOf, type MappingContext, type NormalisedRecord } from './mapping';
import { contentCheck } from '../integrity/digest';
import { encodeCellBlock, type RawRow } from './cells';
import { rawText } from './normalize';
import { openSource } from './readers';
import type { OpenedSource, OpenOptions, SourceRow } from './source';
import { labelRowReader, sheetFigures, type FileFigure } from './totals';

/** Everything needed to read a file again in another thread: plain data, structured-clone safe. */
export interface ParseJob {
  bytes: Uint8Array;
  fileName: string;
  open: OpenOptions;
  /**
   * Indexes of the chosen tables in openSource(bytes, fileName, open).tables, read in this order as
   * one bill: one for most files, every fitting entry of a ZIP of daily files.
   */
  tableIndexes: number[];
  profile: Profile;
  mapping: MappingContext;
  /**
   * The opening detection made, with a cursor per chosen table, for a parse in the importing thread:
   * the bill is then opened once for detection and import. Never sent to a parse worker (it holds
   * iterators); the worker opens the same bytes with the same options.
   */
  opened?: { source: OpenedSource; cursors: RowCursor[] };
}

export interface Sums {
  payments: number;
  refunds: number;
  gross: number;
  refundsMinor: number;
  payFees: number;
  refundFees: number;
}

/** One table of the bill (the file, or one entry of a ZIP) with its own totals, checked on their own. */
export interface ParsedPart {
  /** Table name: the ZIP entry, sheet or file name. */
  name: string;
  rowsInFile: number;
  fileSums: Sums;
  footerLines: FooterLine[];
  summaryRow: SummaryRow | null;
  /** Totals declared with figures: footer lines with `values`, label rows, a totals sheet. */
  figures: FileFigure[];
  currencies: string[];
}

/** What reading the whole file found, besides the records themselves. */
export interface ParseResult {
  /** The first table's header: the one records.raw shows. */
  header: string[];
  rowsInFile: number;
  skipped: Record<string, number>;
  filtered: Record<string, number>;
  rejected: Record<string, number>;
  /** Records handed on (stored or already present). */
  kept: number;
  parts: ParsedPart[];
  currencies: string[];
  /** Notes raised while opening and reading (merged cells, skipped entries …), for the summary. */
  notes: string[];
  /** Ledger rows set aside as fees of the period or settlement transfers (profile `aside`). */
  asides: AsideTotals[];
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
  constructor(readonly delimiter: string | null) {}

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

interface Aside {
  as: 'fee' | 'transfer';
  reason: string;
}

/** The profile's `aside` rules against one header: a row → the rule it falls under, or null. */
function compileAsides(profile: Profile, header: string[], fileName: string): ((cells: SourceRow['cells']) => Aside | null) | null {
  if (!profile.aside) return null;
  const index = new HeaderIndex(header);
  const rules = profile.aside.map((r) => {
    const col = index.find(r.column);
    if (!col) throw missingColumn(fileName, profile.id, r.column, header);
    return { col, values: new Set(r.values), as: r.as };
  });
  return (cells) => {
    for (const r of rules) {
      const v = cellText(cells[r.col.index]);
      if (r.values.has(v)) return { as: r.as, reason: `${r.col.label}=${v}` };
    }
    return null;
  };
}

/** Adds an aside row: a fee charged (money out) counts up, a fee returned down; likewise transfers out and back. */
function addAside(into: Map<string, AsideTotals>, as: Aside['as'], r: NormalisedRecord): void {
  const key = `${as}\u0000${r.channelId}\u0000${r.currency}\u0000${r.period}`;
  let t = into.get(key);
  if (!t) {
    t = { as, channelId: r.channelId, currency: r.currency, period: r.period, rows: 0, amountMinor: 0 };
    into.set(key, t);
  }
  t.rows++;
  t.amountMinor += r.kind === 'refund' ? r.amountMinor : -r.amountMinor;
}

function foreignCurrency(where: string, row: number, currency: string, channelId: string, channelCurrency: string): UserError {
  return new UserError(
    'import.foreign_currency',
    `文件 ${where} 第 ${row} 行的币种是 ${currency}，而渠道 ${channelId} 以 ${channelCurrency} 结算：不同币种的金额不能对账。请确认选对了渠道（--channel），或为该币种建立单独的渠道。未导入任何数据。`,
    `File ${where}, row ${row} is in ${currency}, but channel ${channelId} settles in ${channelCurrency}: amounts in different currencies cannot be reconciled. Check the channel (--channel), or set up a channel for that currency. Nothing was imported.`,
    { file: where, row, currency, channel: channelId, channelCurrency },
  );
}
const TICK_EVERY = 1024;

export function cancelled(fileName: string): UserError {
  return new UserError('import.cancelled', `已取消导入 ${fileName}，未导入任何数据`, `Import of ${fileName} was cancelled; nothing was imported`, { file: fileName });
}

/**
 * Reads every row of the job's tables, normalised and checked, and hands the records on in batches of
 * BATCH_ROWS. Throws a UserError for the first row that cannot be read. `tick` is called every few
 * thousand rows with the rows read so far, and stops the reading by returning true (cancel, or the
 * writer gave up).
 *
 * Several tables (daily files of a monthly ZIP) make one bill: their rows are numbered on through the
 * tables (the second table's first row follows the first table's last), so each stored row has one
 * number in the file; a bad value names the entry and its row there.
 */
export function parseFile(job: ParseJob, emit: (batch: RecordBatch) => void, tick: (rowsRead: number) => boolean): ParseResult {
  const { profile, fileName } = job;
  const source = job.opened?.source ?? openSource(job.bytes, fileName, job.open);
  const tables = job.tableIndexes.map((i) => {
    const t = source.tables[i];
    if (!t) throw new Error(`table ${i} of ${fileName} not found`);
    return t;
  });
  const cursors = job.opened?.cursors;
  const several = tables.length > 1;
  const skipped = new Counter();
  const filtered = new Counter();
  const rejected = new Counter();
  const currencies = new Set<string>();
  const parts: ParsedPart[] = [];
  const asides = new Map<string, AsideTotals>();
  let rowsInFile = 0;
  let kept = 0;
  let offset = 0;
  let firstHeader: string[] | null = null;
  let batch: BatchBuilder | null = null;
  // A channel's bill is in the channel's currency; a bill in another is refused here, with its row,
  // rather than discovered at the match.
  const billCurrency = job.mapping.side === 'channel' && job.mapping.channelId !== null ? job.mapping.channels.get(job.mapping.channelId)?.currency ?? null : null;

  for (const [k, table] of tables.entries()) {
    const isText = table.delimiter !== undefined;
    // A batch keeps one kind of raw row (text lines with their delimiter, or sheet cells): a table read
    // another way (a daily xlsx among CSVs) starts a batch of its own.
    const delimiter = isText ? table.delimiter! : null;
    if (batch !== null && batch.delimiter !== delimiter && batch.size > 0) emit(batch.flush(rowsInFile));
    if (batch === null || batch.delimiter !== delimiter) batch = new BatchBuilder(delimiter);
    const out = batch;
    const cursor = cursors?.[k] ?? new RowCursor(table);
    const part: ParsedPart = { name: table.name, rowsInFile: 0, fileSums: emptySums(), footerLines: [], summaryRow: null, figures: [], currencies: [] };
    const partCurrencies = new Set<string>();
    const where = several ? `${fileName} › ${table.name}` : fileName;
    const count = (): void => {
      rowsInFile++;
      part.rowsInFile++;
    };

    // Rows above the header: title, key/value lines, `#` preamble.
    const taken = takeHeader(cursor, profile, SCAN_LIMIT);
    if (!taken) throw new Error(`header of ${where} not found again`);
    for (let i = 0; i < taken.preamble.length; i++) {
      count();
      skipped.add('preamble');
    }
    for (let i = 0; i < taken.rows; i++) {
      count();
      skipped.add('header');
    }
    const header = taken.cells;
    firstHeader ??= header;
    const normalise = compileMapping(profile, header, several ? { ...job.mapping, fileName: where } : job.mapping, tableContextOf(taken, where, table.name));
    const labelFigures = labelRowReader(profile, header, taken.lowerNames, where);
    const asideOf = compileAsides(profile, header, where);
    let lastRow = 0;

    walkData(cursor, profile, {
      skip(reason: SkipReason) {
        count();
        skipped.add(reason);
      },
      footerLine(line) {
        part.footerLines.push(line);
      },
      summaryRow(row) {
        part.summaryRow = row;
      },
      figures(found) {
        part.figures.push(...found);
      },
      labelRow(row) {
        if (labelFigures) part.figures.push(...labelFigures(row));
      },
      data(row) {
        count();
        lastRow = row.rowNumber;
        if (isText && row.cells.length < header.length) {
          throw new UserError(
            'import.truncated_row',
            `文件 ${where} 第 ${row.rowNumber} 行只有 ${row.cells.length} 列，表头有 ${header.length} 列：文件可能不完整（下载中断）。请重新下载后再导入。未导入任何数据。`,
            `File ${where}, row ${row.rowNumber} has ${row.cells.length} cells but the header has ${header.length}: the file looks cut short. Download it again and import the new file. Nothing was imported.`,
            { file: fileName, ...(several ? { part: table.name } : {}), row: row.rowNumber, cells: row.cells.length, expected: header.length, reason: 'truncated' },
          );
        }
        const outcome = normalise(row.cells, row.rowNumber);
        if (outcome.type === 'filtered') filtered.add(outcome.reason);
        else if (outcome.type === 'rejected') rejected.add(outcome.reason);
        else {
          const r = outcome.record;
          if (billCurrency !== null && r.currency !== billCurrency) throw foreignCurrency(where, row.rowNumber, r.currency, r.channelId, billCurrency);
          const aside = asideOf === null ? null : asideOf(row.cells);
          if (aside !== null) {
            // Read for the file's totals, then set aside: a fee or a transfer is no trade with a payer.
            filtered.add(aside.reason);
            addAside(asides, aside.as, r);
          } else {
            // Text tables hold plain strings: their cells already are the raw values.
            // A text row is kept as its line (one string); a sheet row as its cells as the file wrote them.
            out.add(r, offset + row.rowNumber, isText && row.line !== undefined ? row.line : row.cells.map(rawText));
            kept++;
            if (out.size === BATCH_ROWS) emit(out.flush(rowsInFile));
          }
          addToSums(part.fileSums, r);
          partCurrencies.add(r.currency);
        }
        if (rowsInFile % TICK_EVERY === 0 && tick(rowsInFile)) throw cancelled(fileName);
        return true;
      },
    });
    part.currencies = [...partCurrencies];
    for (const c of partCurrencies) currencies.add(c);
    parts.push(part);
    offset += Math.max(lastRow, part.rowsInFile);
  }
  if (batch && batch.size > 0) emit(batch.flush(rowsInFile));
  const totalsSheet = profile.totals?.sheet;
  if (totalsSheet) {
    // The 汇总 sheet is opened on its own (the profile's `read.sheet` names the detail sheet); its
    // totals are those of the workbook, which is one table.
    const summary = openSource(job.bytes, fileName, { ...job.open, sheet: totalsSheet.sheet }).tables[0]!;
    parts[0]?.figures.push(...sheetFigures(profile, summary, fileName));
  }
  return {
    header: firstHeader ?? [],
    rowsInFile,
    skipped: Object.fromEntries(skipped.map),
    filtered: Object.fromEntries(filtered.map),
    rejected: Object.fromEntries(rejected.map),
    kept,
    parts,
    currencies: [...currencies],
    notes: source.notes,
    asides: [...asides.values()],
  };
}
