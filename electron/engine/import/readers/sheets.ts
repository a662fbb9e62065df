// What every workbook reader shares: choosing sheets (by the profile's name or index, hidden ones
// skipped unless named), describing merged ranges, and error-cell texts.

import { refuse, type Place } from './refusals';

export interface SheetInfo {
  name: string;
  hidden: boolean;
}

/** Indexes of the sheets to read, noting hidden sheets that were left out. */
export function chooseSheets(sheets: SheetInfo[], wanted: string | number | undefined, place: Place, notes: string[]): number[] {
  if (wanted === undefined) {
    // When every sheet is hidden, the data is in one of them: read them all rather than nothing.
    if (sheets.every((s) => s.hidden)) {
      notes.push('所有工作表都被隐藏，已全部读取 / Every sheet is hidden; all were read');
      return sheets.map((_, i) => i);
    }
    const chosen: number[] = [];
    sheets.forEach((s, i) => {
      if (s.hidden) notes.push(`已忽略隐藏工作表「${s.name}」 / Hidden sheet "${s.name}" ignored`);
      else chosen.push(i);
    });
    return chosen;
  }
  const index = typeof wanted === 'number' ? wanted : sheets.findIndex((s) => s.name === wanted || s.name.trim() === wanted.trim());
  if (index < 0 || index >= sheets.length) throw refuse.sheetNotFound(place, String(wanted), sheets.map((s) => s.name));
  return [index];
}

export function mergeNote(sheet: string, ranges: string[]): string {
  const shown = ranges.slice(0, 5).join(', ') + (ranges.length > 5 ? ` …(+${ranges.length - 5})` : '');
  return `工作表「${sheet}」有合并单元格（值只在左上角）：${shown} / Sheet "${sheet}" has merged cells (value only in the top-left cell): ${shown}`;
}

/** BIFF error codes as Excel shows them. */
export const ERROR_TEXT: Record<number, string> = {
  0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA',
};

/** Table name for a sheet: the sheet name, prefixed by the ZIP entry when the workbook came from one. */
export function sheetTableName(prefix: string | undefined, sheet: string): string {
  return prefix === undefined ? sheet : `${prefix}/${sheet}`;
}
