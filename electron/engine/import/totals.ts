// A bill's own totals in any of the forms profiles declare (footer lines with several figures, label
// rows such as 合计 / 共N笔 under the data columns, a 汇总 sheet), each turned into figures — what is
// counted or summed, over which rows, in which unit — and compared with the rows read.
import type { Profile, TotalMeasure } from '../../../shared/profile';
import { minorToDecimal, parseMoney } from '../../../shared/money';
import { UserError } from '../errors';
import { HeaderIndex, missingColumn } from './mapping';
import { cellText, rowTexts, summaryLabelKey } from './layout';
import { normaliseHeader } from './normalize';
import type { Sums as RowSums } from './parse';
import type { SourceRow, SourceTable } from './source';

/** One figure the file states about itself. */
export interface FileFigure {
  kind: 'payment' | 'refund' | 'all';
  measure: TotalMeasure;
  unit: 'yuan' | 'fen';
  /** The figure as written (`1,234.50`, `12`). */
  text: string;
  /** Where it was written, for the message (`第 40 行 合计`, the footer line). */
  source: string;
}


export interface TotalProblem {
  what: string;
  file: string;
  read: string;
}

/** Our figure for a measure over a kind; `all` is payments minus refunds. */
function ours(s: RowSums, kind: FileFigure['kind'], measure: TotalMeasure): number {
  const of = (k: 'payment' | 'refund'): Record<TotalMeasure, number> => k === 'payment'
    ? { count: s.payments, amount: s.gross, fees: s.payFees, net: s.gross - s.payFees }
    : { count: s.refunds, amount: s.refundsMinor, fees: s.refundFees, net: s.refundsMinor - s.refundFees };
  if (kind !== 'all') return of(kind)[measure];
  const p = of('payment')[measure], r = of('refund')[measure];
  return measure === 'count' ? p + r : p - r;
}

/**
 * Compares each figure with the rows read. Payment and refund figures compare without their sign
 * (bills print refund totals negative or positive); `all` figures compare signed.
 */
export function figureProblems(figures: readonly FileFigure[], sums: RowSums, exponent: number): TotalProblem[] {
  const problems: TotalProblem[] = [];
  for (const f of figures) {
    const mine = ours(sums, f.kind, f.measure);
    const isCount = f.measure === 'count';
    const r = parseMoney(f.text, { exponent: isCount || f.unit === 'fen' ? 0 : exponent, rounding: 'reject' });
    let theirs = r.ok ? r.minor : null;
    if (theirs !== null && f.kind !== 'all') theirs = Math.abs(theirs);
    const expected = f.kind !== 'all' ? Math.abs(mine) : mine;
    if (theirs === expected) continue;
    const shown = isCount || f.unit === 'fen' ? String(mine) : minorToDecimal(mine, exponent);
    problems.push({ what: `${f.source}: ${f.kind} ${f.measure}`, file: f.text === '' ? '""' : f.text, read: shown });
  }
  return problems;
}

/** The figure in a cell: its `pattern`'s first group, else the whole text. */
function figureText(text: string, pattern: string | undefined): string {
  if (pattern === undefined) return text;
  const m = new RegExp(pattern, 'u').exec(text);
  return m ? (m[1] ?? m[0]) : '';
}

/** Reads the figures of label rows (合计 …) from the data columns, resolved against the header once. */
export function labelRowReader(profile: Profile, header: string[], lowerNames: readonly string[] | null, fileName: string): ((row: SourceRow) => FileFigure[]) | null {
  const specs = profile.totals?.labelRows;
  if (!specs || specs.length === 0) return null;
  const index = new HeaderIndex(header, lowerNames);
  const compiled = specs.map((spec) => ({
    label: summaryLabelKey(spec.label),
    values: spec.values.map((v) => {
      const col = index.find(v.column);
      if (!col) throw missingColumn(fileName, profile.id, v.column, header);
      return { ...v, col };
    }),
  }));
  return (row) => {
    const texts = rowTexts(row);
    const label = summaryLabelKey(texts.find((t) => t !== '') ?? '');
    const spec = compiled.find((c) => label.startsWith(c.label));
    if (!spec) return [];
    return spec.values.map((v) => ({
      kind: v.kind, measure: v.measure, unit: v.unit,
      text: figureText(texts[v.col.index] ?? '', v.pattern),
      source: `row ${row.rowNumber} ${texts.find((t) => t !== '')} / ${v.col.label}`,
    }));
  };
}

/** Reads the figures of another sheet (汇总): each value right of its label cell when a figure is there, else below it. */
export function sheetFigures(profile: Profile, table: SourceTable, fileName: string): FileFigure[] {
  const spec = profile.totals!.sheet!;
  const rows = [...table.rows()].map((r) => r.cells.map(cellText));
  return spec.values.map((v) => {
    const label = normaliseHeader(summaryLabelKey(v.label));
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r]!;
      const c = cells.findIndex((t) => normaliseHeader(summaryLabelKey(t)) === label);
      if (c < 0) continue;
      // Right of the label when a figure is there (a key/value row), else below it (a header and its row).
      const right = cells.slice(c + 1).find((t) => t !== '');
      const text = right !== undefined && /[0-9]/.test(right) ? right : rows[r + 1]?.[c] ?? '';
      return { kind: v.kind, measure: v.measure, unit: v.unit, text: figureText(text, v.pattern), source: `${table.name} ${v.label}` };
    }
    throw new UserError(
      'import.total_not_found',
      `文件 ${fileName} 的工作表“${table.name}”里没有模板要核对的合计项“${v.label}”。未导入任何数据。`,
      `Sheet "${table.name}" of ${fileName} has no total "${v.label}" that the profile checks. Nothing was imported.`,
      { file: fileName, sheet: table.name, label: v.label },
    );
  });
}
