// Where the data is in a table: the header row (fixed, or found by content), preamble and key/value
// rows above it, and below it blank lines, `#` comment lines, summary rows (合计/总计), the end-of-list
// marker and footer totals. Every row is either data or skipped with a reason, never silently lost.
import type { Profile } from '../../../shared/profile';
import { cellValue, normaliseHeader, stripWrapping, NO_EMPTY_VALUES } from './normalize';
import type { RawCell, SourceRow, SourceTable } from './source';

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

/** Index (into `rows`) of the profile's header row, or -1. */
export function findHeader(rows: SourceRow[], profile: Profile): number {
  if (profile.read.headerRow !== undefined) {
    const i = rows.findIndex((r) => r.rowNumber === profile.read.headerRow);
    if (i < 0) return -1;
    const names = new Set(rowTexts(rows[i]!).map(normaliseHeader));
    return profile.detect.headers.every((h) => names.has(normaliseHeader(h))) ? i : -1;
  }
  const wanted = profile.detect.headers.map(normaliseHeader);
  return rows.findIndex((r) => {
    if (r.cells.length < wanted.length) return false;
    const names = new Set(rowTexts(r).map(normaliseHeader));
    return wanted.every((h) => names.has(h));
  });
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
  const summaryLabels = new Set(profile.layout.summaryLabels);
  const totalsRowHeader = profile.totals?.row ? normaliseHeader(profile.totals.row.header) : null;
  const linePatterns = (profile.totals?.lines ?? []).map((l) => ({ ...l, re: new RegExp(l.pattern, 'u') }));
  let inData = true;
  let summaryHeader: string[] | null = null;

  const matchFooter = (text: string): boolean => {
    for (const l of linePatterns) {
      const m = l.re.exec(text);
      if (!m) continue;
      sink.footerLine({
        kind: l.kind,
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
    if (label.length <= 6 && summaryLabels.has(label.replace(/[:：\s]/g, ''))) {
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
