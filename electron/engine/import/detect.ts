// Which profile reads a file, and which of its tables are the bill. A file is opened once per way of
// reading it that some profile declares (its encoding, delimiter, fixed-width fields, sheet), so a
// user profile for a GBK fixed-width file is found without --profile; every profile that fits is
// scored by how many of the header's columns it explains, the best wins, and two best profiles that
// explain as much are reported instead of guessed. A user profile therefore never shadows a built-in
// that explains more of the file, and one that merely copies a built-in is reported as a tie.
//
// The opening that found the profile is the one the import reads (its tables and notes): the parse
// worker opens the same bytes with the same options, so what the preview showed is what is stored.
import type { Profile } from '../../../shared/profile';
import { UserError } from '../errors';
import { findHeader, firstLineMatches, likelyHeader, rowTexts, RowCursor } from './layout';
import { normaliseHeader } from './normalize';
import { personalStatementRefusal } from './builtin-profiles/personal';
import { readOptions } from './profiles';
import { openSource } from './readers';
import type { Container, OpenedSource, OpenOptions, SourceRow, SourceTable } from './source';

const SCAN_LIMIT = 200;

export interface LocatedTable {
  table: SourceTable;
  cursor: RowCursor;
}

export interface Located {
  profile: Profile;
  opened: OpenedSource;
  /** The tables read as one bill, in file order: one, or every fitting entry of a ZIP of daily files. */
  tables: LocatedTable[];
  /** How the bytes were opened and which tables were chosen, to open them again in a parse worker. */
  open: OpenOptions;
  tableIndexes: number[];
}

interface Opening {
  open: OpenOptions;
  opened: OpenedSource;
  tables: { table: SourceTable; cursor: RowCursor; rows: SourceRow[] }[];
}

function tableAllowed(opened: OpenedSource, table: SourceTable, profile: Profile): boolean {
  if (opened.container !== 'zip' || !profile.read.entryPattern) return true;
  return new RegExp(profile.read.entryPattern, 'u').test(table.name);
}

function fits(profile: Profile, table: SourceTable, rows: SourceRow[]): boolean {
  if (table.layoutFits === false) return false;
  if (profile.detect.firstLine && !firstLineMatches(rows, profile.detect.firstLine)) return false;
  return findHeader(rows, profile) >= 0;
}

/** Keys of a profile's `fields` and `filters` that name columns of the file. */
const COLUMN_KEYS = new Set(['from', 'fallback', 'refundFrom', 'credit', 'debit', 'timeFrom', 'column']);

function collectColumns(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (COLUMN_KEYS.has(key)) into.add(normaliseHeader(value));
  } else if (Array.isArray(value)) {
    for (const v of value) collectColumns(v, into, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectColumns(v, into, k);
  }
}

/** How many of the header's columns the profile reads or recognises: the measure of a better fit. */
export function columnsExplained(profile: Profile, header: string[]): number {
  const named = new Set(profile.detect.headers.map(normaliseHeader));
  collectColumns(profile.fields, named);
  collectColumns(profile.filters, named);
  let n = 0;
  for (const h of new Set(header.map(normaliseHeader))) if (h !== '' && named.has(h)) n++;
  return n;
}

function emptyFile(fileName: string): UserError {
  return new UserError('import.empty_file', `文件 ${fileName} 是空的，没有任何行`, `File ${fileName} is empty: it has no rows`, { file: fileName });
}

/**
 * The options a profile opens files with, as far as they matter for this container (plain opening's;
 * null when it failed): a workbook is read alike whatever the encoding, a text file whatever the
 * sheet. Which ZIP entries is decided per table, so `entryPattern` never needs an opening of its own.
 */
function openingKey(profile: Profile, container: Container | null): { key: string; open: OpenOptions } {
  const { entryPattern: _entries, ...all } = readOptions(profile);
  let open: OpenOptions = all;
  if (container === 'xlsx' || container === 'xls') open = all.sheet === undefined ? {} : { sheet: all.sheet };
  else if (container !== null && container !== 'zip') {
    const { sheet: _sheet, ...text } = all;
    open = text;
  }
  return { key: JSON.stringify(open), open };
}

function openWith(bytes: Uint8Array, fileName: string, open: OpenOptions): Opening {
  const opened = openSource(bytes, fileName, open);
  const tables = opened.tables.map((table) => {
    const cursor = new RowCursor(table);
    return { table, cursor, rows: cursor.peek(SCAN_LIMIT) };
  });
  return { open, opened, tables };
}

/**
 * The tables of `opening` that `profile` reads as the bill: in a ZIP every entry that fits (daily
 * files of a month; the others are noted, never dropped in silence), elsewhere the first table that fits.
 */
function billTables(opening: Opening, profile: Profile): Located {
  const { opened } = opening;
  const chosen: number[] = [];
  opening.tables.forEach((t, i) => {
    if (tableAllowed(opened, t.table, profile) && fits(profile, t.table, t.rows) && (opened.container === 'zip' || chosen.length === 0)) chosen.push(i);
  });
  if (opened.container === 'zip') {
    for (const [i, t] of opening.tables.entries()) {
      if (chosen.includes(i)) continue;
      opened.notes.push(`压缩包内的「${t.table.name}」不符合模板 ${profile.id}，未读取 / ZIP entry "${t.table.name}" does not fit profile ${profile.id} and was not read`);
    }
  }
  return {
    profile,
    opened,
    tables: chosen.map((i) => ({ table: opening.tables[i]!.table, cursor: opening.tables[i]!.cursor })),
    open: opening.open,
    tableIndexes: chosen,
  };
}

/** Picks the profile and the tables: the named profile, or the one that explains most of the file. */
export function locate(bytes: Uint8Array, fileName: string, named: Profile | null, candidates: readonly Profile[]): Located {
  if (named) {
    const opening = openWith(bytes, fileName, readOptions(named));
    if (opening.tables.every((t) => t.rows.length === 0)) throw emptyFile(fileName);
    const located = billTables(opening, named);
    if (located.tables.length === 0) {
      const found = likelyHeader(opening.tables[0]!.rows);
      throw new UserError(
        'import.wrong_profile',
        `文件 ${fileName} 不符合导入模板 ${named.id}（${named.name}）：找不到包含 ${named.detect.headers.join('、')} 的表头。文件里的表头像是：${found.join(', ') || '（无）'}`,
        `File ${fileName} does not fit import profile ${named.id} (${named.name}): no header row with ${named.detect.headers.join(', ')}. The file's header looks like: ${found.join(', ') || '(none)'}`,
        { file: fileName, profile: named.id, header: found },
      );
    }
    return located;
  }

  // The plain opening first: it serves every profile without read options, and tells the container,
  // which decides the options that matter (a workbook ignores an encoding, a text file a sheet).
  // Entries of a ZIP that some profile asks for by name are read even without a bill's extension.
  const extras = [...new Set(candidates.flatMap((p) => (p.read.entryPattern ? [p.read.entryPattern] : [])))].sort();
  const withExtras = (open: OpenOptions): OpenOptions => (extras.length > 0 ? { ...open, extraEntries: extras } : open);
  let plain: Opening | null = null;
  let plainRefusal: UserError | null = null;
  try {
    plain = openWith(bytes, fileName, withExtras({}));
  } catch (e) {
    // The plain opening's refusal (a PDF, a damaged ZIP) is the file's, unless a profile reads it its own way.
    if (!(e instanceof UserError)) throw e;
    plainRefusal = e;
  }
  const openings = new Map<string, Opening | null>(plain ? [['{}', plain]] : []);
  const scored: { profile: Profile; opening: Opening; header: string[]; score: number; firstLine: boolean }[] = [];
  for (const p of candidates) {
    const { key, open } = openingKey(p, plain?.opened.container ?? null);
    let opening = openings.get(key);
    if (opening === undefined) {
      try {
        opening = openWith(bytes, fileName, withExtras(open));
      } catch (e) {
        // A way of reading that does not suit this file only means its profiles do not fit.
        if (!(e instanceof UserError)) throw e;
        opening = null;
      }
      openings.set(key, opening);
    }
    if (opening === null) continue;
    for (const t of opening.tables) {
      if (!tableAllowed(opening.opened, t.table, p) || !fits(p, t.table, t.rows)) continue;
      const header = rowTexts(t.rows[findHeader(t.rows, p)]!);
      scored.push({ profile: p, opening, header, score: columnsExplained(p, header), firstLine: p.detect.firstLine !== undefined });
      break;
    }
  }
  if (scored.length === 0 && plainRefusal) throw plainRefusal;
  if (scored.length === 0 && plain) {
    if (plain.tables.every((t) => t.rows.length === 0)) throw emptyFile(fileName);
    const rows = plain.tables.find((t) => t.rows.length > 0)!.rows;
    const personal = personalStatementRefusal(fileName, plain.tables.map((t) => t.rows));
    if (personal) throw personal;
    const found = likelyHeader(rows);
    throw new UserError(
      'import.unknown_layout',
      `无法识别文件 ${fileName} 的格式：没有导入模板与它的表头相符。找到的表头：${found.join(', ') || '（无）'}。请用 --profile 指定模板，或先用 profile add 添加一个。`,
      `Cannot recognise the layout of ${fileName}: no import profile fits its header. Header found: ${found.join(', ') || '(none)'}. Name a profile with --profile, or add one with profile add.`,
      { file: fileName, header: found },
    );
  }
  if (scored.length === 0) throw emptyFile(fileName);
  scored.sort((a, b) => b.score - a.score || Number(b.firstLine) - Number(a.firstLine));
  const [best, second] = scored;
  if (second && second.score === best!.score && second.firstLine === best!.firstLine) {
    const tied = scored.filter((s) => s.score === best!.score && s.firstLine === best!.firstLine).map((s) => s.profile.id);
    throw new UserError(
      'import.ambiguous_layout',
      `文件 ${fileName} 同样符合多个导入模板：${tied.join('、')}（各自识别出 ${best!.score} 列）。请用 --profile 指定其中一个。`,
      `File ${fileName} fits several import profiles equally well: ${tied.join(', ')} (each explains ${best!.score} columns). Name one with --profile.`,
      { file: fileName, profiles: tied, columns: best!.score },
    );
  }
  return billTables(best!.opening, best!.profile);
}
