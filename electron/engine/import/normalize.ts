// Pure clean-up of what bill exports put around values: header spelling, cell padding and anti-Excel
// prefixes, empty placeholders, ids kept as text, times as instants. No I/O, no profile knowledge.
import { isValidWallClock, periodOf, wallClockToInstant, type WallClock } from '../../../shared/time';
import type { RawCell } from './source';

/**
 * Header names compare after NFKC (full-width （） → ()), without any blanks (`日 志 号`, PayPal's double
 * spaces, CCB's padded names) and in ASCII lower case.
 */
export function normaliseHeader(text: string): string {
  return stripWrapping(text).normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * Removes what exports add to stop Excel from reformatting a value: a leading backtick (WeChat),
 * `="…"`, TABs and blanks (also U+3000 and NBSP) on either side, and a BOM.
 */
export function stripWrapping(text: string): string {
  let s = trimPadding(text);
  if (s.length >= 3 && s.charCodeAt(0) === 0x3d && s.charCodeAt(1) === 0x22 && s.charCodeAt(s.length - 1) === 0x22) s = trimPadding(s.slice(2, -1));
  if (s.charCodeAt(0) === 0x60) s = trimPadding(s.slice(1));
  return s;
}

function isPadding(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0 || c === 0xfeff;
}

/** Trim by char codes: called for every cell of every row, so no regular expressions. */
function trimPadding(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPadding(text.charCodeAt(start))) start++;
  while (end > start && isPadding(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

export const DEFAULT_EMPTY_VALUES = ['/', '-', '--', '---', '—'];

/**
 * The placeholders a profile reads as empty. Looked up for every cell of every row, so a cell longer
 * than the longest placeholder is not hashed at all.
 */
export class EmptyValues {
  private readonly values: ReadonlySet<string>;
  private readonly maxLength: number;
  constructor(values: Iterable<string>) {
    this.values = new Set(values);
    this.maxLength = Math.max(0, ...[...this.values].map((v) => v.length));
  }
  has(text: string): boolean {
    return text.length <= this.maxLength && this.values.has(text);
  }
}

export const NO_EMPTY_VALUES = new EmptyValues([]);

export type CellValue =
  | { kind: 'text'; text: string }
  | { kind: 'number'; text: string; date: boolean }
  | { kind: 'bad'; text: string; reason: 'error_cell' | 'formula_without_value' };

/** The cell's value after clean-up; placeholders such as `/` and `--` become ''. */
export function cellValue(cell: RawCell | undefined, emptyValues: EmptyValues): CellValue {
  if (cell === null || cell === undefined) return { kind: 'text', text: '' };
  if (typeof cell === 'string') return cleanText(cell, emptyValues);
  switch (cell.t) {
    case 's': return cleanText(cell.v, emptyValues);
    case 'n': return { kind: 'number', text: cell.v, date: cell.date === true };
    case 'b': return { kind: 'text', text: cell.v ? 'TRUE' : 'FALSE' };
    case 'e': return { kind: 'bad', text: cell.v, reason: 'error_cell' };
    case 'f': return { kind: 'bad', text: '=' + cell.formula, reason: 'formula_without_value' };
  }
}

/** Two or more dashes and nothing else: a placeholder whatever its length. */
function isDashRun(s: string): boolean {
  if (s.length < 2) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 0x2d) return false;
  return true;
}

function cleanText(text: string, emptyValues: EmptyValues): CellValue {
  const s = stripWrapping(text);
  if ((s.charCodeAt(0) === 0x2d && isDashRun(s)) || emptyValues.has(s)) return { kind: 'text', text: '' };
  return { kind: 'text', text: s };
}

/** The cell as the file wrote it, for the record's raw JSON. */
export function rawText(cell: RawCell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string') return cell;
  switch (cell.t) {
    case 's': case 'n': case 'e': return cell.v;
    case 'b': return cell.v ? 'TRUE' : 'FALSE';
    case 'f': return '=' + cell.formula;
  }
}

export type IdProblem = 'scientific' | 'numeric_precision';

/**
 * Ids are text. A spreadsheet number with 16+ significant digits has already lost digits in the
 * file (Excel keeps 15), and `1.23E+17` is Excel's display of a long number, not an id.
 */
export function idProblem(value: CellValue): IdProblem | null {
  const t = value.text;
  if ((t.includes('E') || t.includes('e')) && /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/.test(t)) return 'scientific';
  if (value.kind === 'number') {
    const digits = value.text.replace(/^[+-]/, '').replace(/\.0*$/, '').replace('.', '').replace(/^0+/, '');
    if (digits.length >= 16) return 'numeric_precision';
  }
  return null;
}

export type TimeParse = { ok: true; instant: number } | { ok: false };

const DATE_TIME = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2}))?$/;
const TIME_OF_DAY = /^(\d{1,2}):?(\d{2}):?(\d{2})$/;

/** Two ASCII digits at `i`, or -1. */
function digits2(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48, b = t.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Exactly `yyyy-MM-dd HH:mm:ss`, or null (the general parser then decides). */
function plainDateTime(t: string): WallClock | null {
  if (t.length !== 19 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(10) !== 32 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return null;
  const y1 = digits2(t, 0), y2 = digits2(t, 2), month = digits2(t, 5), day = digits2(t, 8), hour = digits2(t, 11), minute = digits2(t, 14), second = digits2(t, 17);
  if (y1 < 0 || y2 < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  return { year: y1 * 100 + y2, month, day, hour, minute, second };
}

/** Excel's day 0 is 1899-12-30 (1900 system, with its phantom 29 Feb) or 1904-01-01. */
export function serialToWallClock(serialText: string, date1904: boolean): WallClock | null {
  const serial = Number(serialText);
  if (!Number.isFinite(serial) || serial < 1) return null;
  const totalSeconds = Math.round(serial * 86400);
  const days = Math.floor(totalSeconds / 86400);
  const secs = totalSeconds - days * 86400;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(base + days * 86_400_000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60,
  };
}

export function secondsOfDay(value: CellValue): number | null {
  if (value.kind === 'number') {
    const f = Number(value.text);
    if (!Number.isFinite(f) || f < 0 || f >= 1) return null;
    return Math.round(f * 86400) % 86400;
  }
  const m = TIME_OF_DAY.exec(value.text);
  if (!m) return null;
  const h = Number(m[1]), mi = Number(m[2]), s = Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) return null;
  return h * 3600 + mi * 60 + s;
}

/**
 * Reads a time: `yyyy-MM-dd HH:mm:ss`, `yyyy/MM/dd  HH:mm:ss`, `yyyy年MM月dd日`, `yyyyMMdd[HHmmss]`,
 * ISO with `Z` or an offset, or an Excel serial / date cell; optionally with the time of day in a
 * second cell. Wall-clock times are read in `timeZone`.
 */
export function parseTime(date: CellValue, timeOfDay: CellValue | null, timeZone: string, date1904: boolean): TimeParse {
  let w: WallClock | null = null;
  let offsetMs: number | null = null;
  if (date.kind === 'number') {
    w = serialToWallClock(date.text, date1904);
  } else {
    const text = date.text;
    // `yyyy-MM-dd HH:mm:ss`, the layout of nearly every row, needs no regular expression.
    w = plainDateTime(text);
    let m: RegExpExecArray | null;
    if (w === null && (m = DATE_TIME.exec(text))) {
      w = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0) };
      const z = m[7];
      if (z) offsetMs = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2))) * 60_000;
    } else if (w === null && (m = COMPACT.exec(text))) {
      w = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0) };
    }
  }
  if (!w) return date.kind === 'text' && hasFullWidth(date.text) ? parseTime({ kind: 'text', text: toHalfWidth(date.text) }, timeOfDay, timeZone, date1904) : { ok: false };
  if (timeOfDay) {
    const s = secondsOfDay(timeOfDay);
    if (s === null) {
      return timeOfDay.kind === 'text' && hasFullWidth(timeOfDay.text) ? parseTime(date, { kind: 'text', text: toHalfWidth(timeOfDay.text) }, timeZone, date1904) : { ok: false };
    }
    w = { ...w, hour: Math.floor(s / 3600), minute: Math.floor((s % 3600) / 60), second: s % 60 };
  }
  return instantOfWallClock(w, offsetMs, timeZone);
}

/** The instant of a wall clock, at a fixed offset when one is known, else in `timeZone`; invalid dates fail. */
export function instantOfWallClock(w: WallClock, offsetMs: number | null, timeZone: string): TimeParse {
  // Every month has 28 days: only later days need the calendar.
  const plainlyValid = w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= 28 && w.hour <= 23 && w.minute <= 59 && w.second <= 59;
  if (!plainlyValid && !isValidWallClock(w)) return { ok: false };
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  if (offsetMs !== null) return { ok: true, instant: asUtc - offsetMs };
  return { ok: true, instant: asUtc - wallOffset(asUtc, timeZone) };
}

/** Full-width digits, colons, slashes and blanks (`１６：３３：４５`, U+3000) that exports type in dates. */
export function hasFullWidth(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) return true;
  }
  return false;
}

export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const QUARTER_HOUR = 900_000;
const wallOffsets = new Map<string, Map<number, number>>();

/**
 * The zone's offset for a wall-clock time written as if it were UTC, cached per quarter hour (every
 * zone offset is a multiple of 15 minutes): a big bill has a million times but only a few thousand
 * distinct quarter hours, and Intl is slow.
 */
function wallOffset(asUtc: number, timeZone: string): number {
  let zone = wallOffsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    wallOffsets.set(timeZone, zone);
  }
  const bucket = Math.floor(asUtc / QUARTER_HOUR);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = new Date(bucket * QUARTER_HOUR);
    const w = { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1, day: start.getUTCDate(), hour: start.getUTCHours(), minute: start.getUTCMinutes(), second: 0 };
    offset = bucket * QUARTER_HOUR - wallClockToInstant(w, timeZone);
    if (zone.size > 200_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

const periods = new Map<string, Map<number, string>>();

/** periodOf, cached per quarter hour of the instant. */
export function periodOfCached(instant: number, timeZone: string): string {
  let zone = periods.get(timeZone);
  if (!zone) {
    zone = new Map();
    periods.set(timeZone, zone);
  }
  const bucket = Math.floor(instant / QUARTER_HOUR);
  let p = zone.get(bucket);
  if (p === undefined) {
    p = periodOf(bucket * QUARTER_HOUR, timeZone);
    if (zone.size > 200_000) zone.clear();
    zone.set(bucket, p);
  }
  return p;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Plain decimals (`-12.50`, `0.18000`) into minor units without the general parser: most cells of a
 * big bill look like this. Returns null for anything else (currency marks, separators, rounding
 * needed), which then goes through parseMoney.
 */
export function plainDecimalToMinor(text: string, exponent: number): number | null {
  const n = text.length;
  let i = 0;
  let neg = false;
  if (text.charCodeAt(0) === 45) {
    neg = true;
    i = 1;
  }
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57) return null;
    whole = whole * 10 + (c - 48);
    digits++;
  }
  if (digits === 0 || digits > 13 || exponent > 6) return null;
  let frac = 0;
  let fracDigits = 0;
  for (i++; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    if (fracDigits < exponent) {
      frac = frac * 10 + (c - 48);
      fracDigits++;
    } else if (c !== 48) {
      return null;
    }
  }
  const minor = whole * POW10[exponent]! + frac * POW10[exponent - fracDigits]!;
  return neg && minor !== 0 ? -minor : minor;
}
