// Legacy .xls (BIFF8) through SheetJS: the format is too intricate to re-implement, and bills in it
// are small. SheetJS throws raw TypeErrors on damaged files (reliability.md E13), so every throw
// becomes a refusal, and cells are converted to our SheetCell shape with numbers kept as their
// shortest round-trip text (BIFF stores doubles, so there is no other text to keep).

import * as XLSX from '@e965/xlsx';
import type { RawCell, SheetCell, SourceRow, SourceTable } from '../source';
import { refuse, type Place } from './refusals';
import { chooseSheets, ERROR_TEXT, mergeNote, sheetTableName } from './sheets';

function convertCell(cell: XLSX.CellObject | undefined): RawCell {
  if (cell === undefined) return null;
  switch (cell.t) {
    case 's': return { t: 's', v: String(cell.v ?? '') };
    case 'n': {
      const fmt = typeof cell.z === 'string' ? cell.z : undefined;
      const out: SheetCell = { t: 'n', v: String(cell.v) };
      if (fmt !== undefined && fmt !== 'General') {
        out.fmt = fmt;
        if (XLSX.SSF.is_date(fmt)) out.date = true;
      }
      return out;
    }
    case 'b': return { t: 'b', v: cell.v === true };
    case 'e': return { t: 'e', v: cell.w ?? ERROR_TEXT[Number(cell.v)] ?? '#ERROR' };
    case 'd': return { t: 's', v: cell.w ?? String(cell.v) };
    default: return null;
  }
}

export function readXls(bytes: Uint8Array, place: Place, sheet: string | number | undefined, notes: string[], prefix?: string): SourceTable[] {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'buffer', dense: true, cellFormula: false, cellHTML: false, bookVBA: false,
      cellNF: true, cellDates: false, raw: true, cellStyles: false,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(message)) throw refuse.passwordProtected(place);
    throw refuse.unreadableWorkbook(place, message.slice(0, 120));
  }
  // SheetJS turns a Workbook stream of junk into a workbook without sheets instead of failing.
  if (wb.SheetNames.length === 0) throw refuse.unreadableWorkbook(place, 'no sheets');
  const infos = wb.SheetNames.map((name, i) => ({ name, hidden: (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0 }));
  const chosen = chooseSheets(infos, sheet, place, notes);
  return chosen.map((i) => {
    const name = wb.SheetNames[i]!;
    const ws = wb.Sheets[name]!;
    const merges = (ws['!merges'] ?? []).map((r) => XLSX.utils.encode_range(r));
    if (merges.length > 0) notes.push(mergeNote(name, merges));
    const data = (ws['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
    return {
      name: sheetTableName(prefix, name),
      encoding: null,
      date1904: wb.Workbook?.WBProps?.date1904 === true,
      *rows(): Generator<SourceRow> {
        for (let r = 0; r < data.length; r++) {
          const row = data[r];
          if (row === undefined) continue;
          const cells: RawCell[] = [];
          for (let c = 0; c < row.length; c++) cells.push(convertCell(row[c]));
          while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
          // Like the xlsx reader: a row with no values (only formatting) is not a row of the bill.
          if (cells.length > 0) yield { rowNumber: r + 1, cells };
        }
      },
    };
  });
}
