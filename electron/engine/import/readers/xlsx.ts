// XLSX without SheetJS: SheetJS builds the whole sheet in memory (9–14 s and 1.5 GB for 500,000 rows)
// and types every value. This reader inflates the worksheet piece by piece and scans its XML by
// hand, yielding each <row> as it completes, so memory stays flat, the first rows of any file are
// ready at once, and numbers keep the exact text the file stored ("100.1", "1.23456789012345E+17").
// Only cells that exist in the XML produce values; the <dimension> is never trusted.

import * as XLSX from '@e965/xlsx';
import type { RawCell, SheetCell, SourceRow, SourceTable } from '../source';
import { refuse, type Place } from './refusals';
import { chooseSheets, mergeNote, sheetTableName } from './sheets';
import { entryPlace, inflateEntry, inflateEntryChunks, type ZipArchive, type ZipEntry } from './zip';

/** Sheet parts are also bounded by the ZIP pre-flight (512 MB per entry, ratio 200). */
export const XLSX_LIMITS = {
  maxRows: 5_000_000,
  maxColumns: 16_384,
  maxSharedStringsBytes: 300 * 1024 * 1024,
  /** Text handed to the scanner per refill: large enough to amortise re-slicing the buffer. */
  refillChars: 1 << 20,
};

const utf8 = new TextDecoder('utf-8');

// ---------------------------------------------------------------- XML text helpers

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

function entity(_m: string, e: string): string {
  switch (e) {
    case 'amp': return '&';
    case 'lt': return '<';
    case 'gt': return '>';
    case 'quot': return '"';
    case 'apos': return "'";
    default: return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  }
}

/** XML entities in attribute values and text. */
export function unescapeXml(s: string): string {
  return s.includes('&') ? s.replace(ENTITY, entity) : s;
}

/** Cell text: XML entities, then OOXML's `_xHHHH_` escapes (`_x000D_` is a CR, `_x005F_` an underscore). */
function unescapeCellText(s: string): string {
  const t = unescapeXml(s);
  return t.includes('_x') ? t.replace(OOXML_ESCAPE, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : t;
}

function attrOf(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}

/** The namespace prefix the part uses for its elements ("" or e.g. "x:"), found from the root. */
function prefixOf(xml: string, root: string): string {
  const m = new RegExp(`<(\\w+:)?${root}[\\s>/]`).exec(xml);
  return m?.[1] ?? '';
}

/**
 * Text of a string item (<si> or <is>): the concatenated <t> runs, leaving out phonetic guides
 * (<rPh>), which Excel stores for Japanese readings and are not part of the value.
 */
function stringItemText(xml: string, p: string): string {
  const tOpen = `<${p}t`;
  const tClose = `</${p}t>`;
  const phOpen = `<${p}rPh`;
  const phClose = `</${p}rPh>`;
  let out = '';
  let k = 0;
  for (;;) {
    const t = xml.indexOf(tOpen, k);
    if (t < 0) break;
    const ph = xml.indexOf(phOpen, k);
    if (ph >= 0 && ph < t) {
      const end = xml.indexOf(phClose, ph);
      if (end < 0) break;
      k = end + phClose.length;
      continue;
    }
    const after = xml.charCodeAt(t + tOpen.length);
    const tagEnd = xml.indexOf('>', t);
    if (tagEnd < 0) break;
    if (after !== 62 && after !== 32 && after !== 47) {
      k = t + 1;
      continue;
    }
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      k = tagEnd + 1;
      continue;
    }
    const end = xml.indexOf(tClose, tagEnd);
    if (end < 0) break;
    out += xml.slice(tagEnd + 1, end);
    k = end + tClose.length;
  }
  return unescapeCellText(out);
}

// ---------------------------------------------------------------- package parts

interface SheetRef {
  name: string;
  hidden: boolean;
  path: string;
}

interface Workbook {
  sheets: SheetRef[];
  date1904: boolean;
  sharedStrings: string | null;
  styles: string | null;
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts: string[] = ['xl'];
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function readWorkbook(zip: ZipArchive, parts: Map<string, ZipEntry>, place: Place, notes: string[]): Workbook {
  const xml = partText(zip, parts, 'xl/workbook.xml', place);
  const relsXml = parts.has('xl/_rels/workbook.xml.rels') ? partText(zip, parts, 'xl/_rels/workbook.xml.rels', place) : '';
  const rels = new Map<string, { type: string; target: string }>();
  for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const tag = m[1] ?? '';
    const id = attrOf(tag, 'Id');
    const target = attrOf(tag, 'Target');
    if (id !== undefined && target !== undefined) rels.set(id, { type: attrOf(tag, 'Type') ?? '', target: resolveTarget(target) });
  }
  const sheets: SheetRef[] = [];
  let position = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    position++;
    const tag = m[1] ?? '';
    const name = attrOf(tag, 'name') ?? `Sheet${position}`;
    const rid = /\s\w+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(tag);
    const rel = rid ? rels.get(rid[1] ?? rid[2] ?? '') : undefined;
    // Chart and dialog sheets hold no cells.
    if (rel && !rel.type.endsWith('/worksheet')) {
      notes.push(`已忽略非数据工作表「${name}」 / Sheet "${name}" has no cells (chart or dialog sheet) and was ignored`);
      continue;
    }
    const path = rel?.target ?? `xl/worksheets/sheet${position}.xml`;
    const state = attrOf(tag, 'state');
    sheets.push({ name, hidden: state === 'hidden' || state === 'veryHidden', path });
  }
  const byType = (suffix: string, fallback: string): string | null => {
    for (const r of rels.values()) if (r.type.endsWith(suffix)) return r.target;
    return parts.has(fallback) ? fallback : null;
  };
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(xml);
  const d1904 = pr ? attrOf(pr[1] ?? '', 'date1904') : undefined;
  return {
    sheets,
    date1904: d1904 === '1' || d1904 === 'true',
    sharedStrings: byType('/sharedStrings', 'xl/sharedStrings.xml'),
    styles: byType('/styles', 'xl/styles.xml'),
  };
}

function partText(zip: ZipArchive, parts: Map<string, ZipEntry>, path: string, place: Place): string {
  const entry = parts.get(path) ?? parts.get(path.toLowerCase());
  if (!entry) throw refuse.unreadableWorkbook(place, `missing part ${path}`);
  return utf8.decode(inflateEntry(zip, entry));
}

/** Built-in number formats that are dates in Chinese/Japanese/Korean Excel but absent from SSF's table. */
const CJK_DATE_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

interface CellStyle {
  fmt?: string;
  date: boolean;
}

/** SheetJS's formatter knows Excel's built-in formats and whether a format code shows a date. */
const ssf = XLSX.SSF as { get_table(): Record<number, string>; is_date(code: string): boolean };

function readStyles(xml: string): CellStyle[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const id = Number(attrOf(m[1] ?? '', 'numFmtId'));
    const code = attrOf(m[1] ?? '', 'formatCode');
    if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
  }
  const builtin = ssf.get_table();
  const block = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const styles: CellStyle[] = [];
  for (const m of block.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
    const id = Number(attrOf(m[1] ?? '', 'numFmtId') ?? '0');
    const code = custom.get(id) ?? builtin[id];
    if (id === 0 || code === 'General') styles.push({ date: false });
    else styles.push({ ...(code !== undefined ? { fmt: code } : {}), date: CJK_DATE_IDS.has(id) || (code !== undefined && ssf.is_date(code)) });
  }
  return styles;
}

function readSharedStrings(zip: ZipArchive, parts: Map<string, ZipEntry>, path: string, place: Place): string[] {
  const entry = parts.get(path);
  if (!entry) return [];
  if (entry.uncompressedSize > XLSX_LIMITS.maxSharedStringsBytes) {
    throw refuse.zipBomb(entryPlace(zip, entry), `sharedStrings ${Math.round(entry.uncompressedSize / 1048576)} MB > ${XLSX_LIMITS.maxSharedStringsBytes / 1048576} MB`);
  }
  const xml = partText(zip, parts, path, place);
  const p = prefixOf(xml, 'sst');
  const open = `<${p}si`;
  const close = `</${p}si>`;
  const out: string[] = [];
  let k = 0;
  for (;;) {
    const s = xml.indexOf(open, k);
    if (s < 0) break;
    const tagEnd = xml.indexOf('>', s);
    if (tagEnd < 0) break;
    if (xml.charCodeAt(tagEnd - 1) === 47) {
      out.push('');
      k = tagEnd + 1;
      continue;
    }
    const e = xml.indexOf(close, tagEnd);
    if (e < 0) throw refuse.unreadableWorkbook(place, 'sharedStrings cut off');
    out.push(stringItemText(xml.slice(tagEnd + 1, e), p));
    k = e + close.length;
  }
  return out;
}

// ---------------------------------------------------------------- worksheet scanning

function columnIndex(ref: string): number {
  let col = 0;
  for (let k = 0; k < ref.length; k++) {
    const c = ref.charCodeAt(k);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return col - 1;
}

/** Value of a short attribute inside one start tag; Excel writes ` r="A1"`, others may use single quotes. */
function cellAttr(tag: string, needleDq: string, needleSq: string): string | undefined {
  let i = tag.indexOf(needleDq);
  let quote = '"';
  if (i < 0) {
    i = tag.indexOf(needleSq);
    quote = "'";
    if (i < 0) return undefined;
  }
  const start = i + needleDq.length;
  const end = tag.indexOf(quote, start);
  return end < 0 ? undefined : tag.slice(start, end);
}

interface CellTag {
  r: string | undefined;
  t: string | undefined;
  s: string | undefined;
}

/**
 * The r, t and s attributes of a <c> start tag in one pass over its characters (the hot path of a
 * large sheet: one call per cell). Other attributes are skipped.
 */
function cellTag(xml: string, from: number, to: number): CellTag {
  const out: CellTag = { r: undefined, t: undefined, s: undefined };
  let k = from;
  while (k < to) {
    const c = xml.charCodeAt(k);
    // An attribute name of one letter, preceded by whitespace and followed by =" or ='.
    if ((c === 114 || c === 116 || c === 115) && isSpace(xml.charCodeAt(k - 1)) && xml.charCodeAt(k + 1) === 61) {
      const q = xml.charCodeAt(k + 2);
      if (q === 34 || q === 39) {
        const end = xml.indexOf(q === 34 ? '"' : "'", k + 3);
        if (end < 0 || end > to) break;
        const value = xml.slice(k + 3, end);
        if (c === 114) out.r = value;
        else if (c === 116) out.t = value;
        else out.s = value;
        k = end + 1;
        continue;
      }
    }
    if (c === 34 || c === 39) {
      // Skip over any other attribute's quoted value.
      const end = xml.indexOf(c === 34 ? '"' : "'", k + 1);
      if (end < 0) break;
      k = end + 1;
      continue;
    }
    k++;
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isBoundary(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

interface SheetContext {
  zip: ZipArchive;
  entry: ZipEntry;
  place: Place;
  sheetName: string;
  styles: () => CellStyle[];
  strings: () => string[];
  notes: string[];
}

function* sheetRows(cx: SheetContext): Generator<SourceRow> {
  const { place } = cx;
  const chunks = inflateEntryChunks(cx.zip, cx.entry);
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  let pos = 0;
  let eof = false;

  /** Appends at least `refillChars` of text, dropping what is before `pos`. False at end of part. */
  const more = (): boolean => {
    if (eof) return false;
    let text = '';
    while (text.length < XLSX_LIMITS.refillChars) {
      const n = chunks.next();
      if (n.done) {
        eof = true;
        text += decoder.decode();
        break;
      }
      text += decoder.decode(n.value, { stream: true });
    }
    buf = buf.slice(pos) + text;
    pos = 0;
    return true;
  };
  /**
   * Index of `needle` at or after `from` (relative to `pos`, which a refill may move), with at least
   * one character after it loaded so the caller can check the tag name ends there.
   */
  const find = (needle: string, from: number): number => {
    let offset = from - pos;
    for (;;) {
      const i = buf.indexOf(needle, pos + offset);
      if (i >= 0 && (i + needle.length < buf.length || eof)) return i;
      const searched = Math.max(offset, buf.length - pos - needle.length);
      if (!more()) return -1;
      offset = Math.max(0, searched);
    }
  };

  // The element prefix comes from <worksheet> (some generators write <x:worksheet>).
  let root = find('worksheet', 0);
  while (root >= 0 && buf.charCodeAt(root - 1) !== 60 && buf.charCodeAt(root - 1) !== 58) root = find('worksheet', root + 1);
  if (root < 0) throw refuse.unreadableWorkbook(place, 'worksheet XML not found');
  const lt = buf.lastIndexOf('<', root);
  const p = buf.slice(lt + 1, root);
  const rowOpen = `<${p}row`;
  const rowClose = `</${p}row>`;
  const cOpen = `<${p}c`;
  const cClose = `</${p}c>`;
  const vOpen = `<${p}v`;
  const vClose = `</${p}v>`;
  const fOpen = `<${p}f`;
  const isOpen = `<${p}is>`;
  const isClose = `</${p}is>`;

  let lastRow = 0;
  let rowsRead = 0;
  let formulas = 0;
  for (;;) {
    let rs = find(rowOpen, pos);
    while (rs >= 0 && !isBoundary(buf.charCodeAt(rs + rowOpen.length))) rs = find(rowOpen, rs + 1);
    if (rs < 0) break;
    pos = rs;
    const openEnd = find('>', pos);
    if (openEnd < 0) throw refuse.unreadableWorkbook(place, `row after ${lastRow} cut off`);
    const rowTag = buf.slice(pos, openEnd);
    const rAttr = cellAttr(rowTag, ' r="', " r='");
    const rowNumber = rAttr !== undefined ? Number(rAttr) : lastRow + 1;
    if (!Number.isInteger(rowNumber) || rowNumber < 1) throw refuse.unreadableWorkbook(place, `row number "${rAttr}"`);
    lastRow = rowNumber;
    if (buf.charCodeAt(openEnd - 1) === 47) {
      pos = openEnd + 1;
      continue;
    }
    const openRel = openEnd - pos;
    const re = find(rowClose, openEnd + 1);
    if (re < 0) throw refuse.unreadableWorkbook(place, `row ${rowNumber} never closes`);
    const rowXml = buf.slice(pos + openRel + 1, re);
    pos = re + rowClose.length;

    const cells: RawCell[] = [];
    let any = false;
    let nextCol = 0;
    let k = 0;
    for (;;) {
      const c = rowXml.indexOf(cOpen, k);
      if (c < 0) break;
      if (!isBoundary(rowXml.charCodeAt(c + cOpen.length))) {
        k = c + 1;
        continue;
      }
      const tagEnd = rowXml.indexOf('>', c);
      if (tagEnd < 0) break;
      const tag = cellTag(rowXml, c + cOpen.length, tagEnd);
      const ref = tag.r;
      const col = ref !== undefined ? columnIndex(ref) : nextCol;
      if (col < 0 || col >= XLSX_LIMITS.maxColumns) throw refuse.unreadableWorkbook(place, `cell reference "${ref}" on row ${rowNumber}`);
      nextCol = col + 1;
      if (rowXml.charCodeAt(tagEnd - 1) === 47) {
        k = tagEnd + 1;
        continue;
      }
      const end = rowXml.indexOf(cClose, tagEnd);
      if (end < 0) throw refuse.unreadableWorkbook(place, `cell ${ref ?? ''} on row ${rowNumber} never closes`);
      const inner = rowXml.slice(tagEnd + 1, end);
      k = end + cClose.length;
      const type = tag.t ?? 'n';

      let v: string | undefined;
      const vs = inner.indexOf(vOpen);
      if (vs >= 0 && (inner.charCodeAt(vs + vOpen.length) === 62 || inner.charCodeAt(vs + vOpen.length) === 32)) {
        const vTagEnd = inner.indexOf('>', vs);
        const ve = inner.indexOf(vClose, vTagEnd);
        if (inner.charCodeAt(vTagEnd - 1) === 47) v = '';
        else if (ve >= 0) v = inner.slice(vTagEnd + 1, ve);
      }
      const fs = inner.indexOf(fOpen);
      const hasFormula = fs >= 0 && isBoundary(inner.charCodeAt(fs + fOpen.length));
      if (hasFormula && v !== undefined) formulas++;

      let cell: RawCell = null;
      if (type === 'inlineStr') {
        const a = inner.indexOf(isOpen);
        const b = inner.indexOf(isClose, a);
        if (a >= 0 && b >= 0) cell = { t: 's', v: stringItemText(inner.slice(a + isOpen.length, b), p) };
      } else if (v === undefined) {
        if (hasFormula) {
          const fEnd = inner.indexOf('>', fs);
          const fClose = inner.indexOf(`</${p}f>`, fEnd);
          const formula = inner.charCodeAt(fEnd - 1) === 47 || fClose < 0 ? '' : unescapeXml(inner.slice(fEnd + 1, fClose));
          cell = { t: 'f', formula };
        }
      } else if (type === 's') {
        const strings = cx.strings();
        const text = strings[Number(v)];
        if (text === undefined) throw refuse.unreadableWorkbook(place, `shared string ${v} missing (row ${rowNumber})`);
        cell = { t: 's', v: text };
      } else if (type === 'str' || type === 'd') {
        cell = { t: 's', v: unescapeCellText(v) };
      } else if (type === 'b') {
        cell = { t: 'b', v: v.trim() === '1' || v.trim() === 'true' };
      } else if (type === 'e') {
        cell = { t: 'e', v: unescapeXml(v) };
      } else if (v.trim() !== '') {
        const n: SheetCell = { t: 'n', v: v.trim() };
        const s = tag.s;
        if (s !== undefined) {
          const style = cx.styles()[Number(s)];
          if (style?.fmt !== undefined) n.fmt = style.fmt;
          if (style?.date) n.date = true;
        }
        cell = n;
      }
      if (cell === null) continue;
      while (cells.length < col) cells.push(null);
      cells[col] = cell;
      any = true;
    }
    if (!any) continue;
    rowsRead++;
    if (rowsRead > XLSX_LIMITS.maxRows) throw refuse.tooLarge(place, `> ${XLSX_LIMITS.maxRows.toLocaleString('en-US')} rows`);
    yield { rowNumber, cells };
  }
  // Merged ranges follow the rows in the part; read them once the rows are done.
  while (more());
  const merges = [...buf.slice(pos).matchAll(/<(?:\w+:)?mergeCell\b[^>]*\sref\s*=\s*["']([^"']+)["']/g)].map((m) => m[1] ?? '');
  if (merges.length > 0) cx.notes.push(mergeNote(cx.sheetName, merges));
  if (formulas > 0) {
    cx.notes.push(`工作表「${cx.sheetName}」含 ${formulas} 个公式单元格（使用文件中保存的计算结果） / Sheet "${cx.sheetName}" has ${formulas} formula cells (the results saved in the file are used)`);
  }
}

// ---------------------------------------------------------------- entry point

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/**
 * The tables of an xlsx whose ZIP directory has already passed the pre-flight. The workbook is
 * read now (sheet names); styles and shared strings when the first row is asked for.
 */
export function readXlsx(zip: ZipArchive, sheet: string | number | undefined, notes: string[], prefix?: string): SourceTable[] {
  const place = zip.place;
  const parts = new Map(zip.entries.map((e) => [e.name, e] as const));
  const wb = readWorkbook(zip, parts, place, notes);
  if (wb.sheets.length === 0) throw refuse.unreadableWorkbook(place, 'no sheets');
  const styles = once(() => (wb.styles !== null && parts.has(wb.styles) ? readStyles(partText(zip, parts, wb.styles, place)) : []));
  const strings = once(() => (wb.sharedStrings !== null ? readSharedStrings(zip, parts, wb.sharedStrings, place) : []));
  return chooseSheets(wb.sheets, sheet, place, notes).map((i) => {
    const ref = wb.sheets[i]!;
    const entry = parts.get(ref.path);
    const sheetPlace: Place = { fileName: place.fileName, part: sheetTableName(prefix, ref.name) };
    if (!entry) throw refuse.unreadableWorkbook(sheetPlace, `missing part ${ref.path}`);
    return {
      name: sheetTableName(prefix, ref.name),
      encoding: null,
      date1904: wb.date1904,
      rows: () => sheetRows({ zip, entry, place: sheetPlace, sheetName: ref.name, styles, strings, notes }),
    };
  });
}
