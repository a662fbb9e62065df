// Fixed-width text (acquirer reconciliation files such as UnionPay's ZM file, old bank host exports):
// one record per line, each field at declared positions. Positions count characters of the decoded
// line, or — `unit: "byte"` — bytes of the line as the file encodes it: GBK writes a Chinese character
// as two bytes, and files cut by a host program (UnionPay's 二级商户简称) are cut by bytes, so counting
// characters would shift every field after the first Chinese one.
//
// Which lines are what is declared, never guessed: the first `headerLines` lines (title, column
// captions, ruler) are the header, and the last of them is where the declared column names stand in
// for the header row (a file without header lines gets a header row 0 of its own); lines matching
// `trailer` — and every line after the first of them — are totals / end lines, kept whole so totals
// patterns and `stopAt` see them as written. Ruler lines (only `-`, `=`, `+`, `|`, `*` and spaces) and
// blank lines come out as empty rows, which the layout counts as blank.

import type { SourceRow, SourceTable } from '../source';
import type { TextEncoding } from './text';
import { refuse, type Place } from './refusals';

export interface FixedWidthColumn {
  name: string;
  /** 1-based position of the field's first character (or byte). */
  start: number;
  width: number;
}

export interface FixedWidthOptions {
  unit?: 'char' | 'byte';
  columns: FixedWidthColumn[];
  headerLines?: number;
  trailer?: string;
}

const RULER = /^[\s\-=+|*_]+$/;

function lineRows(lines: Iterable<{ text: string; bytes: Uint8Array | null }>, spec: FixedWidthOptions, decoder: TextDecoder | null, trailer: RegExp | null): Generator<SourceRow> {
  const headerLines = spec.headerLines ?? 0;
  const names = spec.columns.map((c) => c.name);
  const split = (text: string, bytes: Uint8Array | null): string[] => {
    if (bytes && decoder) return spec.columns.map((c) => decoder.decode(bytes.subarray(c.start - 1, c.start - 1 + c.width)).trim());
    return spec.columns.map((c) => text.slice(c.start - 1, c.start - 1 + c.width).trim());
  };
  return (function* () {
    if (headerLines === 0) yield { rowNumber: 0, cells: names };
    let n = 0;
    let inTrailer = false;
    for (const line of lines) {
      n++;
      if (n < headerLines) yield { rowNumber: n, cells: [line.text] };
      else if (n === headerLines) yield { rowNumber: n, cells: names };
      else if (line.text.trim() === '' || RULER.test(line.text)) yield { rowNumber: n, cells: [] };
      else {
        if (trailer && trailer.test(line.text)) inTrailer = true;
        yield { rowNumber: n, cells: inTrailer ? [line.text.trim()] : split(line.text, line.bytes) };
      }
    }
  })();
}

function* textLines(pieces: Iterable<string>): Generator<{ text: string; bytes: null }> {
  let rest = '';
  for (const piece of pieces) {
    const parts = (rest + piece).split('\n');
    rest = parts.pop()!;
    for (const p of parts) yield { text: p.endsWith('\r') ? p.slice(0, -1) : p, bytes: null };
  }
  if (rest !== '') yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, bytes: null };
}

function* byteLines(body: Uint8Array, decoder: TextDecoder): Generator<{ text: string; bytes: Uint8Array }> {
  let at = 0;
  while (at < body.length) {
    let end = body.indexOf(0x0a, at);
    if (end < 0) end = body.length;
    let stop = end;
    if (stop > at && body[stop - 1] === 0x0d) stop--;
    const bytes = body.subarray(at, stop);
    yield { text: decoder.decode(bytes), bytes };
    at = end + 1;
  }
}

/** Bytes looked at to tell whether a file is laid out as the profile says. */
const SAMPLE_BYTES = 64 * 1024;
/** Records looked at. */
const SAMPLE_RECORDS = 20;

/**
 * Whether the file's first records reach their last field: the header of a fixed-width file is
 * declared, not found, so this is what tells a file of this layout from any other text (a CSV has
 * short lines). Lines in the sample that end early only count when they are not the sample's cut.
 */
function recordsReachLastField(lines: Iterable<{ text: string; bytes: Uint8Array | null }>, spec: FixedWidthOptions, trailer: RegExp | null): boolean {
  const lastStart = Math.max(...spec.columns.map((c) => c.start));
  const headerLines = spec.headerLines ?? 0;
  let n = 0;
  let seen = 0;
  let short = false;
  for (const line of lines) {
    n++;
    if (n <= headerLines || line.text.trim() === '' || RULER.test(line.text)) continue;
    if (trailer && trailer.test(line.text)) break;
    // A cut last line of the sample is not evidence either way.
    if (short) return false;
    const length = line.bytes ? line.bytes.length : line.text.length;
    short = length < lastStart;
    if (++seen >= SAMPLE_RECORDS) break;
  }
  return !short || seen >= SAMPLE_RECORDS;
}

/** A fixed-width text table. `body` is the file without its BOM, in `encoding`. */
export function fixedWidthTable(body: Uint8Array, head: string, pieces: () => Iterable<string>, encoding: TextEncoding, name: string, place: Place, spec: FixedWidthOptions): SourceTable {
  for (const c of spec.columns) {
    if (!Number.isInteger(c.start) || c.start < 1 || !Number.isInteger(c.width) || c.width < 1) throw refuse.badOption(place, `read.fixedWidth.columns ${c.name}`, `${c.start}+${c.width}`);
  }
  let trailer: RegExp | null = null;
  if (spec.trailer !== undefined) {
    try {
      trailer = new RegExp(spec.trailer, 'u');
    } catch {
      throw refuse.badOption(place, 'read.fixedWidth.trailer', spec.trailer);
    }
  }
  const byBytes = spec.unit === 'byte';
  if (byBytes && (encoding === 'utf-16le' || encoding === 'utf-16be')) throw refuse.badOption(place, 'read.fixedWidth.unit', `byte (${encoding})`);
  return {
    name,
    encoding,
    layoutFits: recordsReachLastField(byBytes ? byteLines(body.subarray(0, SAMPLE_BYTES), new TextDecoder(encoding)) : textLines([head]), spec, trailer),
    rows: () => {
      if (byBytes) {
        const decoder = new TextDecoder(encoding);
        return lineRows(byteLines(body, decoder), spec, decoder, trailer);
      }
      return lineRows(textLines(pieces()), spec, null, trailer);
    },
  };
}
