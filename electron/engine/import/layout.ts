// Where the data is in a table: the header row (fixed, or found by content), preamble and key/value
// rows above it, and below it blank lines, `#` comment lines, summary rows (合计/总计), the end-of-list
// marker and footer totals. Every row is either data or skipped with a reason, never silently lost.
import type { Profile } from '../../../shared/profile';
import { cellValue, normaliseHeader, stripWrapping, NO_EMPTY_VALUES } from './normalize';
import type { RawCell, SourceRow, SourceTable } from './source';
import type { FileFigure } from './totals';

/** Reads a table's rows once, with a look-ahead buffer for detection and header search. */
export class RowCursor {
  private buffer: SourceRow[] = [];
  private pos = 0;
  private readonly it: Iterator<SourceRow>;
  private ended = false;

  constructor(readonly table: SourceTable) {
    this.it = table.rows()[Symbol.iterator]();
  }

  /** The first `n` rows (fewer when the table is shorter), without consuming them. */
  peek(n: number): SourceRow[] {
    while (this.buffer.length < n && !this.ended) {
      const r = this.it.next();
      if (r.done) this.ended = true;
      else this.buffer.push(r.value);
    }
    return this.buffer.slice(0, n);
  }

  next(): SourceRow | undefined {
    if (this.pos < this.buffer.length) {
      const row = this.buffer[this.pos++];
      if (this.pos === this.buffer.length) {
        this.buffer = [];
        this.pos = 0;
      }
      return row;
    }
    if (this.ended) return undefined;
    const r = this.it.next();
    if (r.done) {
      this.ended = true;
      return undefined;
    }
    return r.value;
  }
}

export function cellText(cell: RawCell | undefined): string {
  return cellValue(cell, NO_EMPTY_VALUES).text;
}

export function rowTexts(row: SourceRow): string[] {
  return row.cells.map(cellText);
}

export function isBlank(row: SourceRow): boolean {
  return row.cells.every((c) => cellText(c) === '');
}

/** Header cells as written, trailing empty cells dropped (exports often end rows with a comma). */
export function headerCells(row: SourceRow): string[] {
  const cells = rowTexts(row);
  while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/**
 * A two-row header: group cells (merged, so written once at the left of their span) above the column
 * names. A column is named `group/name`, or by the upper cell alone where the lower one is empty (a
 * name merged down over both rows).
 */
export function combineHeader(upper: SourceRow, lower: SourceRow): { cells: string[]; lowerNames: string[] } {
  const up = rowTexts(upper);
  const low = rowTexts(lower);
  const n = Math.max(up.length, low.length);
  const cells: string[] = [];
  const lowerNames: string[] = [];
  let group = '';
  for (let i = 0; i < n; i++) {
    const u = up[i] ?? '';
    const l = low[i] ?? '';
    if (u !== '' || l === '') group = l !== '' ? u : '';
    if (l === '') {
      cells.push(u);
      lowerNames.push(u);
    } else {
      cells.push(group !== '' ? `${group}/${l}` : l);
      lowerNames.push(l);
    }
  }
  while (cells.length > 0 && cells[cells.length - 1] === '') {
    cells.pop();
    lowerNames.pop();
  }
  return { cells, lowerNames };
}

/** Every name a header row (or row pair) answers to, normalised. */
function headerNamesAt(rows: SourceRow[], i: number, headerRows: number): Set<string> {
  if (headerRows === 2) {
    const lower = rows[i + 1];
    if (!lower) return new Set();
    const h = combineHeader(rows[i]!, lower);
    return new Set([...h.cells, ...h.lowerNames].map(normaliseHeader));
  }
  return new Set(rowTexts(rows[i]!).map(normaliseHeader));
}

/** Index (into `rows`) of the profile's header row (the upper one of a two-row header), or -1. */
export function findHeader(rows: SourceRow[], profile: Profile): number {
  const headerRows = profile.read.headerRows ?? 1;
  if (profile.read.headerRow !== undefined) {
    const i = rows.findIndex((r) => r.rowNumber === profile.read.headerRow);
    if (i < 0) return -1;
    const names = headerNamesAt(rows, i, headerRows);
    return profile.detect.headers.every((h) => names.has(normaliseHeader(h))) ? i : -1;
  }
  const wanted = profile.detect.headers.map(normaliseHeader);
  if (headerRows === 2) {
    return rows.findIndex((_, i) => {
      const names = headerNamesAt(rows, i, 2);
      return wanted.every((h) => names.has(h));
    });
  }
  return rows.findIndex((r) => {
    if (r.cells.length < wanted.length) return false;
    const names = new Set(rowTexts(r).map(normaliseHeader));
    return wanted.every((h) => names.has(h));
  });
}

/** The rows above the header, and the header itself (one row or two). */
export interface TableHeader {
  preamble: SourceRow[];
  cells: string[];
  /** Two-row headers: the column names without their groups. */
  lowerNames: string[] | null;
  /** Rows the header takes (1 or 2). */
  rows: number;
}

/** Takes the preamble and header off `cursor`; null when the header is not within the first `scan` rows. */
export function takeHeader(cursor: RowCursor, profile: Profile, scan: number): TableHeader | null {
  const at = findHeader(cursor.peek(scan), profile);
  if (at < 0) return null;
  const preamble: SourceRow[] = [];
  for (let i = 0; i < at; i++) preamble.push(cursor.next()!);
  const first = cursor.next()!;
  if ((profile.read.headerRows ?? 1) === 2) {
    const h = combineHeader(first, cursor.next()!);
    return { preamble, cells: h.cells, lowerNames: h.lowerNames, rows: 2 };
  }
  return { preamble, cells: headerCells(first), lowerNames: null, rows: 1 };
}

/** A label as summaryLabels compare it: without colons and blanks. */
export function summaryLabelKey(label: string): string {
  return label.replace(/[:：\s\u3000]/g, '');
}

export function firstLineMatches(rows: SourceRow[], marker: string): boolean {
  const first = rows.find((r) => !isBlank(r));
  if (!first) return false;
  return stripWrapping(rowTexts(first).join(',')).startsWith(marker);
}

/** The row a user would take for the header when no profile fits: the first one with several filled cells. */
export function likelyHeader(rows: SourceRow[]): string[] {
  const row = rows.find((r) => rowTexts(r).filter((t) => t !== '').length >= 3) ?? rows.find((r) => !isBlank(r));
  return row ? headerCells(row).slice(0, 30) : [];
}

export type SkipReason = 'preamble' | 'header' | 'blank' | 'comment' | 'summary' | 'footer';

export interface FooterLine {
  kind: 'payment' | 'refund' | 'all';
  count: number | null;
  amountText: string | null;
  /** Text of an amount to subtract from `amountText` (totals line `lessGroup`). */
  lessText?: string | null;
  text: string;
}

export interface SummaryRow {
  /** Normalised header name → value text. */
  values: Map<string, string>;
  rowNumber: number;
}

export interface LayoutSink {
  skip(reason: SkipReason): void;
  footerLine(line: FooterLine): void;
  summaryRow(row: SummaryRow): void;
  /** Figures of a footer line declared with `values` (several figures in one line). */
  figures?(figures: FileFigure[]): void;
  /** A summary-labelled row (合计 …), which may hold totals under the data columns. */
  labelRow?(row: SourceRow): void;
  /** A data row. Return false to stop reading (preview). */
  data(row: SourceRow): boolean;
}

/**
 * Walks the rows after the header through the profile's layout rules. `summaryHeader` rows (WeChat's
 * 总交易单数) end the data: their next row holds the file's totals.
 */
export function walkData(cursor: RowCursor, profile: Profile, sink: LayoutSink): void {
  const comment = profile.layout.commentPrefix;
  const stopAt = profile.layout.stopAt;
  // Summary labels match as prefixes of the row's first non-empty cell, colons and blanks removed;
  // most rows are rejected by their first character alone.
  const summaryLabels = [...profile.layout.summaryLabels, ...(profile.totals?.labelRows ?? []).map((l) => l.label)].map(summaryLabelKey).filter((l) => l !== '');
  const summaryFirstChars = new Set(summaryLabels.map((l) => l.charCodeAt(0)));
  const isSummaryLabel = (label: string): boolean => {
    if (!summaryFirstChars.has(label.charCodeAt(0))) return false;
    const key = summaryLabelKey(label);
    return summaryLabels.some((l) => key.startsWith(l));
  };
  const totalsRowHeader = profile.totals?.row ? normaliseHeader(profile.totals.row.header) : null;
  const linePatterns = (profile.totals?.lines ?? []).map((l) => ({ ...l, re: new RegExp(l.pattern, 'u') }));
  let inData = true;
  let summaryHeader: string[] | null = null;

  const matchFooter = (text: string): boolean => {
    for (const l of linePatterns) {
      const m = l.re.exec(text);
      if (!m) continue;
      if (l.values) {
        sink.figures?.(l.values.map((v) => ({ kind: v.kind, measure: v.measure, unit: v.unit, text: m[v.group] ?? '', source: text })));
        return true;
      }
      sink.footerLine({
        kind: l.kind!,
        count: l.countGroup !== undefined && m[l.countGroup] !== undefined ? Number(m[l.countGroup]) : null,
        amountText: l.amountGroup !== undefined ? m[l.amountGroup] ?? null : null,
        ...(l.lessGroup !== undefined ? { lessText: m[l.lessGroup] ?? null } : {}),
        text,
      });
      return true;
    }
    return false;
  };

  const dataFooters = comment === undefined && linePatterns.length > 0;
  const totalsRowRaw = profile.totals?.row?.header ?? null;
  // Only the first cells are looked at for most rows: this loop runs for every row of a big file.
  for (let row = cursor.next(); row !== undefined; row = cursor.next()) {
    const cells = row.cells;
    const first = cellText(cells[0]);
    if (summaryHeader) {
      const texts = rowTexts(row);
      const values = new Map<string, string>();
      summaryHeader.forEach((h, i) => values.set(normaliseHeader(h), texts[i] ?? ''));
      sink.summaryRow({ values, rowNumber: row.rowNumber });
      summaryHeader = null;
      sink.skip('footer');
      continue;
    }
    if (comment !== undefined && first.startsWith(comment)) {
      const text = rowTexts(row).join(',').replace(/,+$/, '');
      if (stopAt.some((s) => text.includes(s))) inData = false;
      matchFooter(text);
      sink.skip(inData ? 'comment' : 'footer');
      continue;
    }
    let label: string | null = first === '' ? null : first;
    for (let i = 1; label === null && i < cells.length; i++) {
      const t = cellText(cells[i]);
      if (t !== '') label = t;
    }
    if (label === null) {
      sink.skip('blank');
      continue;
    }
    if (!inData) {
      matchFooter(rowTexts(row).join(',').replace(/,+$/, ''));
      sink.skip('footer');
      continue;
    }
    if (stopAt.length > 0 && stopAt.some((s) => label.includes(s))) {
      inData = false;
      sink.skip('footer');
      continue;
    }
    if (totalsRowHeader !== null && first.length <= totalsRowRaw!.length + 4 && normaliseHeader(first) === totalsRowHeader) {
      summaryHeader = rowTexts(row);
      inData = false;
      sink.skip('footer');
      continue;
    }
    if (isSummaryLabel(label)) {
      // A 合计 line may also be a declared totals line, or a label row with totals under the columns.
      if (linePatterns.length > 0) matchFooter(rowTexts(row).join(',').replace(/,+$/, ''));
      sink.labelRow?.(row);
      sink.skip('summary');
      continue;
    }
    if (dataFooters && matchFooter(rowTexts(row).join(',').replace(/,+$/, ''))) {
      sink.skip('footer');
      continue;
    }
    if (!sink.data(row)) return;
  }
}
