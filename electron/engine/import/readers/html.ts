// Web pages saved as .xls: many bank and channel portals "export to Excel" by sending an HTML page
// with a <table> (often GBK while the page declares gb2312) and an .xls name. Excel opens it; so do
// we, as a table of text cells: every cell is the text the page shows, so an id written
// `0012345678901234567` (kept as text by `mso-number-format:"\@"`) comes out exactly as written.
//
// Not a general HTML parser: tags are tokenised with one regular expression, which is enough for the
// machine-written tables these portals produce. `colspan` repeats nothing (the cells it covers are
// empty, as Excel shows a merged cell); `rowspan` leaves the covered cells of the rows below empty too,
// so every column keeps its place. `<th>` and `<td>` are both cells. Nested tables are read as tables
// of their own, in the order they open.

import type { SourceRow, SourceTable } from '../source';

/** The start of a web page or an HTML table fragment. */
export const HTML_PAGE = /^\s*(?:<!doctype html|<html|<table|<head|<meta|<style|<body)/i;

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", yen: '¥', middot: '·', ensp: ' ', emsp: ' ', thinsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A cell's text as a browser shows it: tags gone, entities decoded, runs of blanks (line breaks included) as one space. */
function cellText(inner: string): string {
  const text = inner.replace(/<!--[\s\S]*?-->/g, '').replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, '');
  return decodeEntities(text.replace(/[ \t\r\n]+/g, ' ')).trim();
}

function spanOf(attributes: string, name: 'colspan' | 'rowspan'): number {
  const m = new RegExp(`${name}\\s*=\\s*["']?(\\d+)`, 'i').exec(attributes);
  const n = m ? Number(m[1]) : 1;
  return n >= 1 && n <= 1000 ? n : 1;
}

interface TableBuild {
  rows: string[][];
  /** column → rows still covered by a rowspan from above. */
  covered: Map<number, number>;
  row: string[] | null;
  /** The open cell: its attributes, where its text (re)starts, and its text before a nested table. */
  cell: { start: number; attributes: string; before: string } | null;
}

interface HtmlTable {
  rows: string[][];
}

const TOKEN = /<!--[\s\S]*?-->|<(\/?)(table|tr|td|th|script|style)\b([^>]*)>/gi;

/** Every table of the page, rows of text cells. */
export function htmlTables(page: string): HtmlTable[] {
  const done: { order: number; table: HtmlTable }[] = [];
  const open: { build: TableBuild; table: HtmlTable; order: number }[] = [];
  let opened = 0;
  const closeCell = (b: TableBuild, end: number) => {
    if (!b.cell || !b.row) return;
    const text = cellText(b.cell.before + page.slice(b.cell.start, end));
    const colspan = spanOf(b.cell.attributes, 'colspan');
    const rowspan = spanOf(b.cell.attributes, 'rowspan');
    skipCovered(b);
    const col = b.row.length;
    b.row.push(text);
    for (let k = 1; k < colspan; k++) b.row.push('');
    if (rowspan > 1) for (let k = 0; k < colspan; k++) b.covered.set(col + k, rowspan - 1);
    b.cell = null;
  };
  const skipCovered = (b: TableBuild) => {
    while (b.row && (b.covered.get(b.row.length) ?? 0) > 0) {
      const c = b.row.length;
      b.covered.set(c, b.covered.get(c)! - 1);
      b.row.push('');
    }
  };
  const closeRow = (b: TableBuild, table: HtmlTable, end: number) => {
    closeCell(b, end);
    if (!b.row) return;
    skipCovered(b);
    // Columns covered beyond the row's last cell still take their turn.
    for (const [c, n] of b.covered) if (c >= b.row.length && n > 0) b.covered.set(c, n - 1);
    table.rows.push(b.row);
    b.row = null;
  };
  let skipUntil: string | null = null;
  const token = new RegExp(TOKEN.source, 'gi');
  for (let m = token.exec(page); m !== null; m = token.exec(page)) {
    if (m[2] === undefined) continue; // a comment
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    if (skipUntil !== null) {
      if (closing && tag === skipUntil) skipUntil = null;
      continue;
    }
    if (!closing && (tag === 'script' || tag === 'style')) {
      skipUntil = tag;
      continue;
    }
    const top = open[open.length - 1];
    if (tag === 'table') {
      if (!closing) {
        // A table inside a cell is a table of its own: the cell's text stops here and goes on after it.
        const outer = top?.build.cell;
        if (outer) outer.before += page.slice(outer.start, m.index);
        open.push({ build: { rows: [], covered: new Map(), row: null, cell: null }, table: { rows: [] }, order: opened++ });
      } else if (top) {
        closeRow(top.build, top.table, m.index);
        open.pop();
        done.push({ order: top.order, table: top.table });
        const outer = open[open.length - 1]?.build.cell;
        if (outer) outer.start = m.index + m[0].length;
      }
      continue;
    }
    if (!top) continue;
    const b = top.build;
    if (tag === 'tr') {
      closeRow(b, top.table, m.index);
      if (!closing) b.row = [];
    } else if (!closing) {
      closeCell(b, m.index);
      if (!b.row) b.row = [];
      b.cell = { start: m.index + m[0].length, attributes: m[3] ?? '', before: '' };
    } else {
      closeCell(b, m.index);
    }
  }
  // A page cut short: what was read so far still counts (the totals check will notice a missing end).
  while (open.length > 0) {
    const top = open.pop()!;
    closeRow(top.build, top.table, page.length);
    done.push({ order: top.order, table: top.table });
  }
  return done.sort((a, b) => a.order - b.order).map((d) => d.table).filter((t) => t.rows.length > 0);
}

/**
 * The page's tables as source tables: the first keeps the file's name, later ones are `name#2`,
 * `name#3` … Rows are numbered 1, 2, 3 … within their table, as Excel shows the page's rows.
 */
export function htmlSourceTables(page: string, name: string, encoding: string): SourceTable[] {
  return htmlTables(page).map((t, i) => ({
    name: i === 0 ? name : `${name}#${i + 1}`,
    encoding,
    rows: (): Iterable<SourceRow> => t.rows.map((cells, k) => ({ rowNumber: k + 1, cells })),
  }));
}
