// Times as a profile declares them: a date format (`MM/dd/yyyy`, `dd.MM.yyyy`, `MMddHHmmss` …)
// compiled once into a regular expression, the year or date a row lacks taken from the file (its
// name, a preamble line, a key/value cell), and zones written per row (PDT, UTC+8, -07:00).
// Pure: compiled once per file, then applied to every row.
import type { DateSource } from '../../../shared/profile';
import { isValidTimeZone, type WallClock } from '../../../shared/time';
import { hasFullWidth, normaliseHeader, toHalfWidth } from './normalize';

/** What a format read from a cell; parts the format does not have are undefined. */
export interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  hour: number;
  minute: number;
  second: number;
}

type Part = 'year' | 'yy' | 'month' | 'day' | 'hour' | 'minute' | 'second';

const TOKENS: [string, Part, number][] = [
  ['yyyy', 'year', 4], ['yy', 'yy', 2], ['MM', 'month', 2], ['M', 'month', 1], ['dd', 'day', 2], ['d', 'day', 1],
  ['HH', 'hour', 2], ['H', 'hour', 1], ['mm', 'minute', 2], ['ss', 'second', 2],
];

export type DateFormatParser = (text: string) => DateParts | null;

/**
 * Compiles a format into a parser. A two-letter field next to another field without a separator
 * (`yyyyMMddHHmmss`) takes exactly two digits; with separators (`M/d/yyyy`) one or two. Blanks in the
 * format match any run of blanks; full-width digits and colons in the cell are read as ASCII.
 */
export function compileDateFormat(format: string): DateFormatParser {
  const pieces: ({ part: Part; width: number } | { literal: string })[] = [];
  for (let i = 0; i < format.length;) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      pieces.push({ part: token[1], width: token[2] });
      i += token[0].length;
    } else {
      const last = pieces[pieces.length - 1];
      if (last && 'literal' in last) last.literal += format[i];
      else pieces.push({ literal: format[i]! });
      i++;
    }
  }
  const parts: Part[] = [];
  let source = '^';
  pieces.forEach((p, k) => {
    if ('literal' in p) {
      source += p.literal.split(/\s+/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
      return;
    }
    const glued = (q: (typeof pieces)[number] | undefined) => q !== undefined && 'part' in q;
    const exact = p.part === 'year' || p.part === 'yy' || (p.width === 2 && (glued(pieces[k - 1]) || glued(pieces[k + 1])));
    source += exact ? `(\\d{${p.width}})` : `(\\d{1,${Math.max(p.width, 2)}})`;
    parts.push(p.part);
  });
  const re = new RegExp(source + '$');
  return (raw) => {
    const text = hasFullWidth(raw) ? toHalfWidth(raw) : raw;
    const m = re.exec(text);
    if (!m) return null;
    const out: DateParts = { hour: 0, minute: 0, second: 0 };
    parts.forEach((part, k) => {
      const n = Number(m[k + 1]);
      if (part === 'yy') out.year = 2000 + n;
      else out[part] = n;
    });
    return out;
  };
}

/** The date a bill states for its rows: at least a year. */
export interface ContextDate {
  year: number;
  month?: number;
  day?: number;
}

/**
 * Completes a row's date with the file's: a missing year is the file's, except that a row more than
 * six months after the file's month belongs to the year before (a December row in a January file)
 * and one more than six months before it to the year after; a missing date is the file's date.
 */
export function completeDate(parts: DateParts, context: ContextDate | null): WallClock | null {
  let { year, month, day } = parts;
  if (month === undefined || day === undefined) {
    if (!context || context.month === undefined || context.day === undefined) return null;
    if (month === undefined && day === undefined) {
      month = context.month;
      day = context.day;
      year ??= context.year;
    } else return null;
  }
  if (year === undefined) {
    if (!context) return null;
    year = context.year;
    if (context.month !== undefined) {
      if (month - context.month > 6) year--;
      else if (context.month - month > 6) year++;
    }
  }
  return { year, month, day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Where a file's own date can be read: its names and the rows above its header. */
export interface FilePlace {
  fileName: string;
  /** ZIP entry or sheet name of the table read. */
  tableName: string;
  /** Rows above the header, as cell texts. */
  preamble: string[][];
}

function extract(text: string, pattern: RegExp | null): string | null {
  if (!pattern) return text;
  const m = pattern.exec(text);
  return m ? (m[1] ?? m[0]) : null;
}

/** The text holding the date, found where `spec` says; null when it is not there. */
function contextText(spec: DateSource, place: FilePlace): string | null {
  const pattern = spec.pattern ? new RegExp(spec.pattern, 'u') : null;
  switch (spec.source) {
    case 'fileName':
      // The entry's own name first: a monthly ZIP of daily files names each day in its entries.
      for (const name of [place.tableName, place.fileName]) {
        const base = name.split(/[/\\]/).pop() ?? name;
        const hit = extract(base, pattern ?? /\d{4,}/u);
        if (hit !== null) return hit;
      }
      return null;
    case 'preamble':
      for (const row of place.preamble) {
        const hit = extract(row.filter((c) => c !== '').join(','), pattern);
        if (hit !== null && hit !== '') return hit;
      }
      return null;
    case 'cell': {
      const label = normaliseHeader(spec.label!).replace(/[:：]/g, '');
      for (const row of place.preamble) {
        for (let i = 0; i < row.length; i++) {
          const cell = normaliseHeader(row[i]!).replace(/[:：]/g, '');
          if (!cell.startsWith(label)) continue;
          // The value after the label in the same cell (`账单日期：2027-01-05`), else the next filled cell.
          const inCell = row[i]!.replace(/^[^:：]*[:：]/, '').trim();
          const value = inCell !== '' && cell !== label ? inCell : row.slice(i + 1).find((c) => c.trim() !== '') ?? '';
          const hit = extract(value, pattern);
          if (hit !== null && hit !== '') return hit;
        }
      }
      return null;
    }
  }
}

export type ContextResult = { ok: true; date: ContextDate } | { ok: false; found: string | null };

/** Reads the file's own date as `spec` declares it. */
export function contextDate(spec: DateSource, place: FilePlace): ContextResult {
  const text = contextText(spec, place);
  if (text === null) return { ok: false, found: null };
  const parts = compileDateFormat(spec.format)(text.trim());
  if (!parts || parts.year === undefined) return { ok: false, found: text };
  return { ok: true, date: { year: parts.year, month: parts.month, day: parts.day } };
}

/** A row's zone: a fixed offset, or an IANA zone whose offset depends on the date. */
export type RowZone = { offsetMs: number } | { zone: string };

/** Abbreviations that mean one offset wherever they are written. */
const ABBREVIATIONS: Record<string, number> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, MSK: 180,
  PST: -480, PDT: -420, MST: -420, MDT: -360, EST: -300, EDT: -240, AKST: -540, AKDT: -480, HST: -600,
  JST: 540, KST: 540, HKT: 480, SGT: 480, AWST: 480, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};
/** Abbreviations that mean different zones in different places: the profile must say which. */
const AMBIGUOUS: Record<string, string> = {
  CST: 'China (+08:00), US Central (−06:00) or Cuba (−05:00)',
  CDT: 'US Central (−05:00) or Cuba (−04:00)',
  IST: 'India (+05:30), Ireland (+01:00) or Israel (+02:00)',
  BST: 'British Summer (+01:00) or Bangladesh (+06:00)',
  AST: 'Atlantic (−04:00) or Arabia (+03:00)',
};

const OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

export type ZoneResult = RowZone | { problem: string };

function plainZone(text: string): ZoneResult {
  const upper = text.toUpperCase();
  if (upper in ABBREVIATIONS) return { offsetMs: ABBREVIATIONS[upper]! * 60_000 };
  const m = OFFSET.exec(text);
  if (m) {
    const h = Number(m[2]), mi = Number(m[3] ?? 0);
    if (h > 14 || mi > 59) return { problem: `offset out of range` };
    return { offsetMs: (m[1] === '-' ? -1 : 1) * (h * 60 + mi) * 60_000 };
  }
  if (AMBIGUOUS[upper]) return { problem: `ambiguous zone abbreviation: ${AMBIGUOUS[upper]}; declare it in time.zones` };
  if (text.includes('/') && isValidTimeZone(text)) return { zone: text };
  return { problem: 'not a zone abbreviation, offset or IANA zone name' };
}

/** Resolves a zone cell, the profile's declared meanings first; each distinct text is resolved once. */
export function zoneReader(declared: Record<string, string> | undefined): (text: string) => ZoneResult {
  const meanings = new Map(Object.entries(declared ?? {}).map(([k, v]) => [k.trim().toUpperCase(), v]));
  const cache = new Map<string, ZoneResult>();
  return (raw) => {
    let r = cache.get(raw);
    if (r === undefined) {
      const text = hasFullWidth(raw) ? toHalfWidth(raw).trim() : raw.trim();
      const meant = meanings.get(text.toUpperCase());
      r = plainZone(meant ?? text);
      cache.set(raw, r);
    }
    return r;
  };
}

/** Checks the declared meanings themselves (when the profile is compiled), so a typo fails at once. */
export function badDeclaredZone(declared: Record<string, string> | undefined): string | null {
  for (const [k, v] of Object.entries(declared ?? {})) {
    const r = plainZone(v.trim());
    if ('problem' in r) return `${k} → ${v}: ${r.problem}`;
  }
  return null;
}
