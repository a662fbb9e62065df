// The original cells of rows waiting to be written, packed as UTF-8 in batches so that a million rows
// cost about the size of the file rather than a million arrays of strings. Cells are joined with
// U+001F, rows with U+001E; a typed spreadsheet cell is marked with U+0002 and its type letter. A row
// whose text itself holds one of those control characters is stored as JSON instead (marker U+0003).
import type { RawCell, SheetCell } from './source';

const CELL = '\u001f';
const ROW = '\u001e';
const TYPED = '\u0002';
const AS_JSON = '\u0003';
const BATCH_ROWS = 8192;
const CONTROL = /[\u0002\u0003\u001e\u001f]/;

function encodeCell(c: RawCell): string {
  if (c === null) return TYPED + '_';
  if (typeof c === 'string') return c;
  switch (c.t) {
    case 's': return TYPED + 's' + c.v;
    case 'n': return TYPED + (c.date ? 'd' : 'n') + c.v;
    case 'b': return TYPED + 'b' + (c.v ? '1' : '0');
    case 'e': return TYPED + 'e' + c.v;
    case 'f': return TYPED + 'f' + c.formula;
  }
}

function decodeCell(s: string): RawCell {
  if (s.charCodeAt(0) !== 2) return s;
  const t = s[1];
  const v = s.slice(2);
  switch (t) {
    case '_': return null;
    case 's': return { t: 's', v };
    case 'n': return { t: 'n', v };
    case 'd': return { t: 'n', v, date: true };
    case 'b': return { t: 'b', v: v === '1' };
    case 'e': return { t: 'e', v };
    default: return { t: 'f', formula: v } satisfies SheetCell;
  }
}

function cellText(c: RawCell): string {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  return c.t === 'f' ? c.formula : String(c.v);
}

export class RowStore {
  private batches: Buffer[] = [];
  private pending: string[] = [];
  private rowNumbers: number[] = [];
  private occurrences: number[] = [];

  get count(): number {
    return this.rowNumbers.length;
  }

  add(cells: RawCell[], rowNumber: number, occurrence: number): void {
    const needsJson = cells.some((c) => CONTROL.test(cellText(c)));
    this.pending.push(needsJson ? AS_JSON + JSON.stringify(cells) : cells.map(encodeCell).join(CELL));
    this.rowNumbers.push(rowNumber);
    this.occurrences.push(occurrence);
    if (this.pending.length === BATCH_ROWS) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.batches.push(Buffer.from(this.pending.join(ROW), 'utf8'));
    this.pending = [];
  }

  finish(): void {
    this.flush();
  }

  /** Visits the stored rows in the order they were added. */
  forEach(visit: (cells: RawCell[], rowNumber: number, occurrence: number) => void): void {
    let i = 0;
    for (const batch of this.batches) {
      for (const line of batch.toString('utf8').split(ROW)) {
        const cells = line.charCodeAt(0) === 3 ? (JSON.parse(line.slice(1)) as RawCell[]) : line.split(CELL).map(decodeCell);
        visit(cells, this.rowNumbers[i]!, this.occurrences[i]!);
        i++;
      }
    }
  }
}
