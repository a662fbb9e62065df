// The import of one file, all-or-nothing: open the bytes, pick the profile (named, or detected by its
// signature), then read, normalise and store every row inside ONE write transaction that also stores
// the source file row and one audit entry. The file's own totals are checked after the last row,
// before the commit. Any failure (a bad value, a footer mismatch, a cancel) throws inside the
// transaction, which rolls it back: the workspace is left as it was.
//
// Speed and memory: a 1,000,000-row bill must not become 1,000,000 record objects, nor a packed copy
// of itself. Rows are read and normalised in batches (parse.ts) — in a parse worker for big files,
// while this thread writes the previous batch (parallel.ts) — and each batch goes straight into
// prepared INSERTs, its raw cells into one compressed block.
import type { Side } from '../../../shared/domain';
import type { Bilingual, CurrencyTotals, ImportPreview, ImportSummary, PreviewRow } from '../../../shared/contract/import';
import type { Profile } from '../../../shared/profile';
import { currencyExponent, minorToDecimal, parseMoney } from '../../../shared/money';
import { formatInstant } from '../../../shared/time';
import { UserError } from '../errors';
import { FileDigest } from '../integrity/digest';
import { isPeriodClosed } from '../resolve/periods';
import { appendAudit, currentOperator } from '../workspace/audit';
import { getSetting, writeTransaction, type DB } from '../workspace/db';
import type { Statement } from 'better-sqlite3';
import { channelAliasMap, listChannels } from '../channels';
import { RowCursor, takeHeader, walkData } from './layout';
import { locate, type Located } from './detect';
import { defaultChannelFor } from './channel-profiles';
import { compileMapping, tableContextOf, type ChannelInfo, type MappingContext, type NormalisedRecord, type RowNormaliser } from './mapping';
import { parseRunner, type ParseRunner } from './parallel';
import { BatchReader, cancelled, type ParsedPart, type RecordGroup } from './parse';
import { figureProblems } from './totals';
import { storeBankStatement } from '../bank/import';
import type { BankImportSummary } from '../../../shared/contract/receivables';

export type { Bilingual, CurrencyTotals, ImportPreview, ImportSummary, PreviewRow };
import { normaliseHeader, rawText } from './normalize';
import { allProfiles, getProfile } from './profiles';
import { sha256Hex } from './readers';
import type { SourceTable } from './source';

export interface ImportProgress {
  phase: 'read' | 'write';
  done: number;
  total: number | null;
}

export interface ImportOptions {
  profileId?: string;
  /** A profile not (yet) saved in the workspace, used as if named by `profileId` (profile check). */
  profile?: Profile;
  /** Channel of a channel-side file (default: the profile's channel). */
  channelId?: string;
  /** The file is the in-house export: only internal-side profiles are considered. */
  internal?: boolean;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Read the file in a parse worker (default: when it is big enough to be worth one). */
  parallel?: boolean;
}

const SCAN_LIMIT = 200;
const PROGRESS_MS = 200;
/** Negative: KiB (SQLite's convention). */
const IMPORT_CACHE_KIB = -32768;

/** The named profile, or the profile that fits best among the built-ins and the workspace's own. */
function locateIn(db: DB, bytes: Uint8Array, fileName: string, options: Pick<ImportOptions, 'profileId' | 'profile' | 'internal'> & { bank?: boolean }): Located {
  const named = options.profile ?? (options.profileId ? getProfile(db, options.profileId).profile : null);
  // Bank statements are imported on their own (importBankFile); bills and exports never pick a bank profile.
  const candidates = named ? [] : allProfiles(db).filter((p) => (p.side === 'bank') === (options.bank === true) && (options.internal === undefined || (p.side === 'internal') === options.internal));
  try {
    return locate(bytes, fileName, named, candidates);
  } catch (e) {
    if (named || options.bank || !(e instanceof UserError) || e.key !== 'import.unknown_layout') throw e;
    // A bank statement dropped where bills go is named as what it is.
    let bankProfile: Profile | null = null;
    try {
      bankProfile = locate(bytes, fileName, null, allProfiles(db).filter((p) => p.side === 'bank')).profile;
    } catch {
      throw e;
    }
    throw new UserError(
      'import.is_bank_statement',
      `文件 ${fileName} 是银行流水（${bankProfile.name}），不是渠道账单或订单导出。请在“回款”页或用 bank import 导入。`,
      `File ${fileName} is a bank statement (${bankProfile.name}), not a channel bill or order export. Import it on the Receipts screen or with bank import.`,
      { file: fileName, profile: bankProfile.id },
    );
  }
}

interface Resolved {
  side: Side;
  fileChannelId: string | null;
  mappingContext: MappingContext;
}

function resolveChannel(db: DB, profile: Profile, fileName: string, options: ImportOptions, date1904: boolean): Resolved {
  const channels = new Map<string, ChannelInfo>(listChannels(db).map((c) => [c.id, { timeZone: c.timeZone, currency: c.currency }]));
  const side = profile.side;
  if (side === 'bank') {
    throw new UserError('import.bank_profile', `模板 ${profile.id} 用于银行流水，请用 bank import 导入`, `Profile ${profile.id} reads bank statements; import them with bank import`, { profile: profile.id });
  }
  if (options.internal && side !== 'internal') {
    throw new UserError('import.side_mismatch', `模板 ${profile.id} 用于渠道账单，不能作为自有订单导入`, `Profile ${profile.id} reads channel bills, not the in-house export`, { profile: profile.id });
  }
  let fileChannelId: string | null = null;
  if (side === 'channel' || !profile.fields.channel) {
    fileChannelId = options.channelId ?? profile.channelId ?? defaultChannelFor(db, profile.id, fileName);
    if (!fileChannelId) {
      throw new UserError('import.no_channel', `请用 --channel 指定文件 ${fileName} 属于哪个渠道`, `Name the channel of ${fileName} with --channel`, { file: fileName });
    }
    if (!channels.has(fileChannelId)) {
      throw new UserError(
        'import.channel_not_found',
        `渠道 ${fileChannelId} 还不存在。请先添加：channel add ${fileChannelId} --name 名称`,
        `Channel ${fileChannelId} does not exist yet. Add it first: channel add ${fileChannelId} --name NAME`,
        { channel: fileChannelId },
      );
    }
  } else if (options.channelId) {
    throw new UserError('import.channel_from_file', `文件 ${fileName} 的渠道来自“渠道”列，不能再用 --channel 指定`, `The channels of ${fileName} come from its channel column; do not pass --channel`, { file: fileName });
  }
  return {
    side,
    fileChannelId,
    mappingContext: {
      fileName,
      side,
      channelId: fileChannelId,
      channels,
      aliases: channelAliasMap(db),
      workspaceTimeZone: getSetting(db, 'time_zone') ?? 'Asia/Shanghai',
      date1904,
    },
  };
}

function tableDate1904(table: SourceTable): boolean {
  return table.date1904 === true;
}

function progressReporter(onProgress: ImportOptions['onProgress']) {
  let last = 0;
  return (phase: ImportProgress['phase'], done: number, total: number | null) => {
    if (!onProgress) return;
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    onProgress({ phase, done, total });
  };
}

function parseTotal(text: string, exponent: number): number | null {
  const r = parseMoney(text, { exponent, rounding: 'half-up' });
  return r.ok ? r.minor : null;
}

/** Compares the file's own totals with what was read; a disagreement refuses the file. */
function checkFooter(profile: Profile, s: ParsedPart, fileName: string): boolean {
  const exponent = currencyExponent([...s.currencies][0] ?? 'CNY');
  const money = (m: number) => minorToDecimal(m, exponent);
  const problems: { what: string; file: string; read: string }[] = [];
  const sums = s.fileSums;
  let checked = false;
  for (const l of s.footerLines) {
    checked = true;
    const count = l.kind === 'payment' ? sums.payments : l.kind === 'refund' ? sums.refunds : sums.payments + sums.refunds;
    const amount = l.kind === 'payment' ? sums.gross : l.kind === 'refund' ? sums.refundsMinor : sums.gross - sums.refundsMinor;
    if (l.count !== null && l.count !== count) problems.push({ what: `${l.text}: count`, file: String(l.count), read: String(count) });
    if (l.amountText !== null) {
      const less = l.lessText === undefined ? 0 : l.lessText === null ? null : parseTotal(l.lessText, exponent);
      const stated = parseTotal(l.amountText, exponent);
      const v = stated === null || less === null ? null : stated - less;
      const expected = l.kind === 'all' ? v : v === null ? null : Math.abs(v);
      if (expected === null || expected !== amount) problems.push({ what: `${l.text}: amount`, file: l.amountText, read: money(amount) });
    }
  }
  if (s.figures.length > 0) {
    checked = true;
    problems.push(...figureProblems(s.figures, sums, exponent));
  }
  const spec = profile.totals?.row;
  if (spec && s.summaryRow) {
    checked = true;
    const get = (h: string | string[] | undefined): string | null => {
      if (h === undefined) return null;
      for (const n of typeof h === 'string' ? [h] : h) {
        const v = s.summaryRow!.values.get(normaliseHeader(n));
        if (v !== undefined) return v;
      }
      return null;
    };
    const compare = (label: string, text: string | null, ours: number, isCount: boolean) => {
      if (text === null) return;
      const v = parseTotal(text, isCount ? 0 : exponent);
      if (v === null || v !== ours) problems.push({ what: label, file: text, read: isCount ? String(ours) : money(ours) });
    };
    compare(typeof spec.count === 'string' ? spec.count : spec.count?.[0] ?? 'count', get(spec.count), sums.payments + sums.refunds, true);
    compare('gross', get(spec.gross), sums.gross, false);
    compare('refunds', get(spec.refunds), sums.refundsMinor, false);
    compare('fees', get(spec.fees), sums.payFees - sums.refundFees, false);
    compare('payment rows', get(spec.paymentCount), sums.payments, true);
    compare('refund rows', get(spec.refundCount), sums.refunds, true);
  }
  if (!checked && profile.totals?.required) {
    throw new UserError(
      'import.totals_missing',
      `文件 ${fileName} 末尾没有合计行：文件可能不完整（下载中断）。请重新下载后再导入。未导入任何数据。`,
      `File ${fileName} has no totals at its end: it looks cut short. Download it again and import the new file. Nothing was imported.`,
      { file: fileName, reason: 'totals missing' },
    );
  }
  if (problems.length > 0) {
    const zh = problems.map((p) => `${p.what}：文件合计 ${p.file}，实际读到 ${p.read}`).join('；');
    const en = problems.map((p) => `${p.what}: file says ${p.file}, rows read give ${p.read}`).join('; ');
    throw new UserError(
      'import.footer_mismatch',
      `文件 ${fileName} 的合计与明细不符（${zh}）。文件可能不完整或被改动过，未导入任何数据。`,
      `The totals in ${fileName} disagree with its rows (${en}). The file may be incomplete or edited; nothing was imported.`,
      { file: fileName, problems },
    );
  }
  return checked;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, c) => n + c, 0);
}

/** A text value written into SQL: only ever our own validated ids, codes and periods (see below). */
function sqlText(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new Error(`bad ${what} ${value}`);
  return `'${value}'`;
}

/**
 * The INSERT of one record. The file's side and id are the same for every row, and so are channel,
 * currency and period within a group (parse.ts RecordGroup) for the first occurrence of a key —
 * nearly every row: they are written into the statement rather than bound a million times. All are
 * ours and checked here: side 'channel' | 'internal', an integer file id, a channel id as the
 * channels table allows it, a 3-letter currency code, a YYYY-MM period. Without a group (a key's
 * 2nd, 3rd … occurrence in the file) the statement binds them.
 */
function insertRecordSql(side: Side, fileId: number, group: RecordGroup | null): string {
  if (side !== 'channel' && side !== 'internal') throw new Error(`bad side ${String(side)}`);
  if (!Number.isSafeInteger(fileId)) throw new Error(`bad file id ${fileId}`);
  const head = `INSERT INTO records (side, file_id, channel_id, currency, period, key_occurrence, kind, order_id, channel_txn_id, refund_id, amount_minor, fee_minor,
    refunded_minor, status, occurred_at, account, memo, natural_key, row_number)`;
  const fixed = group
    ? `'${side}', ${fileId}, ${sqlText(group.channelId, /^[a-z0-9_-]{1,40}$/, 'channel')}, ${sqlText(group.currency, /^[A-Z]{3}$/, 'currency')}, ${sqlText(group.period, /^\d{4}-\d{2}$/, 'period')}, 1`
    : `'${side}', ${fileId}, ?, ?, ?, ?`;
  return `${head} VALUES (${fixed}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (side, channel_id, natural_key, key_occurrence) DO NOTHING`;
}

function alreadyImported(db: DB, sha: string, fileName: string): void {
  const prior = db.prepare(`SELECT file_name, imported_at, imported_by FROM source_files WHERE sha256 = ?
    UNION ALL SELECT file_name, imported_at, imported_by FROM bank_statements WHERE sha256 = ?`).get(sha, sha) as { file_name: string; imported_at: string; imported_by: string } | undefined;
  if (prior) {
    // Shown as the user's wall-clock time in the workspace zone, not as a UTC timestamp.
    const when = formatInstant(Date.parse(prior.imported_at), getSetting(db, 'time_zone') ?? 'Asia/Shanghai');
    throw new UserError(
      'import.already_imported',
      `文件 ${fileName} 已于 ${when} 由 ${prior.imported_by} 导入过（当时的文件名：${prior.file_name}），本次未重复导入`,
      `File ${fileName} was already imported on ${when} by ${prior.imported_by} (as ${prior.file_name}); it was not imported again`,
      { file: fileName, importedAt: prior.imported_at, importedBy: prior.imported_by, firstName: prior.file_name },
    );
  }
}

/** Imports one file. Throws a UserError (and writes nothing) when any part of it cannot be read. */
export function importFile(db: DB, bytes: Uint8Array, fileName: string, options: ImportOptions = {}): ImportSummary {
  // Started first, so a parse worker loads its code while this thread hashes the file and picks its profile.
  const runner = parseRunner(bytes.length, options.parallel);
  try {
    let located: Located;
    try {
      located = locateIn(db, bytes, fileName, options);
    } catch (e) {
      // A file imported before is reported as such, even if its layout is no longer recognised.
      alreadyImported(db, sha256Hex(bytes), fileName);
      throw e;
    }
    const { profile } = located;
    const resolved = resolveChannel(db, profile, fileName, options, tableDate1904(located.tables[0]!.table));
    if (options.signal?.aborted) throw cancelled(fileName);
    // The parse worker starts reading now; hashing 100+ MB here overlaps with it.
    runner.start({
      bytes, fileName, open: located.open, tableIndexes: located.tableIndexes, profile, mapping: resolved.mappingContext,
      opened: { source: located.opened, cursors: located.tables.map((t) => t.cursor) },
    });
    const sha = sha256Hex(bytes);
    alreadyImported(db, sha, fileName);
    const { summary, kept } = withBulkSettings(db, () => writeTransaction(db, () => store(db, sha, bytes.length, fileName, located, resolved, runner, options)));
    options.onProgress?.({ phase: 'write', done: kept, total: kept });
    return summary;
  } finally {
    runner.dispose();
  }
}

/**
 * Connection settings for the length of one import, restored afterwards:
 * - a 32 MB page cache: with SQLite's default 2 MB every index insert of a big file goes to disk;
 * - no per-row foreign-key lookups: every record's channel comes from the channel table (mapping.ts
 *   refuses any other) and its file is the row this transaction just inserted, so the two lookups per
 *   row would check what is true by construction, at 0.4 s per million rows;
 * - no automatic checkpoint at the commit: the commit is durable in the WAL (synchronous=FULL); copying
 *   a few hundred MB back into the main file is left to checkpointWorkspace(), which the front doors
 *   call once the user has the summary, and to closing the workspace.
 * Both pragmas are no-ops inside a transaction, which is why they wrap the write transaction.
 */
export interface BankImportOptions {
  profileId?: string;
  /** The account, when the statement does not name it in its preamble (or to check that it does). */
  accountNo?: string;
  signal?: AbortSignal;
}

/**
 * Imports one bank statement of one of our accounts, all-or-nothing like a bill: same profile
 * detection, same refusals, one write transaction with the statement, its rows and the audit entry.
 * Statements are read in this thread: even a busy account's year is a few hundred thousand rows.
 */
export function importBankFile(db: DB, bytes: Uint8Array, fileName: string, options: BankImportOptions = {}): BankImportSummary {
  let located: Located;
  try {
    located = locateIn(db, bytes, fileName, { profileId: options.profileId, bank: true });
  } catch (e) {
    alreadyImported(db, sha256Hex(bytes), fileName);
    throw e;
  }
  const { opened } = located;
  const { table, cursor } = located.tables[0]!;
  if (located.profile.side !== 'bank') {
    throw new UserError('import.not_bank_profile', `模板 ${located.profile.id} 不是银行流水模板`, `Profile ${located.profile.id} does not read bank statements`, { profile: located.profile.id });
  }
  const sha = sha256Hex(bytes);
  alreadyImported(db, sha, fileName);
  if (options.signal?.aborted) throw cancelled(fileName);
  return withBulkSettings(db, () => writeTransaction(db, () => storeBankStatement(db, {
    sha, sizeBytes: bytes.length, fileName, container: opened.container, profile: located.profile, table, cursor, scanRows: SCAN_LIMIT,
    signal: options.signal,
  }, options.accountNo)));
}

function withBulkSettings<T>(db: DB, fn: () => T): T {
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  const checkpointBefore = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const foreignKeysBefore = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    db.pragma(`foreign_keys = ${foreignKeysBefore ? 'ON' : 'OFF'}`);
    db.pragma(`wal_autocheckpoint = ${checkpointBefore}`);
    db.pragma(`cache_size = ${cacheBefore}`);
  }
}

/**
 * A closed period is agreed and signed: new rows in it would silently change a statement. The user must
 * reopen the period (an explicit, audited action) first.
 */
function refuseClosedPeriods(db: DB, stored: { channelId: string; period: string }[], fileName: string): void {
  const sorted = [...stored].sort((a, b) => a.channelId.localeCompare(b.channelId) || a.period.localeCompare(b.period));
  for (const { channelId, period } of sorted) {
    if (isPeriodClosed(db, channelId, period)) {
      throw new UserError(
        'import.period_closed',
        `${fileName} 含有已结账账期 ${channelId} ${period} 的记录，未导入任何数据。如需补入，请先重新打开该账期。`,
        `${fileName} holds rows of the closed period ${channelId} ${period}; nothing was imported. Reopen that period first to add them.`,
        { file: fileName, channel: channelId, period },
      );
    }
  }
}

/** Inside the write transaction: the source file row, every record as it is read, the totals check, the audit entry. */
function store(db: DB, sha: string, sizeBytes: number, fileName: string, located: Located, resolved: Resolved, runner: ParseRunner, options: ImportOptions): { summary: ImportSummary; kept: number } {
  const { profile, opened } = located;
  const table = located.tables[0]!.table;
  const importedAt = new Date().toISOString();
  const importedBy = currentOperator(db);
  // channel → currency → totals of the rows stored.
  const totals = new Map<string, Map<string, CurrencyTotals>>();
  let accepted = 0;
  let alreadyPresent = 0;

  const fileRow = db.prepare(
    `INSERT INTO source_files (sha256, file_name, side, channel_id, profile_id, container, encoding, size_bytes, rows_in_file, accepted, filtered, already_present, rejected, summary, imported_at, imported_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '{}', ?, ?)`,
  ).run(sha, fileName, resolved.side, resolved.fileChannelId, profile.id, opened.container, table.encoding, sizeBytes, importedAt, importedBy);
  const fileId = Number(fileRow.lastInsertRowid);
  const digest = new FileDigest();
  // Where the record just stored was put, for its integrity check (one object for every row).
  const storedAt = { id: 0, side: resolved.side, keyOccurrence: 1, rowNumber: 0 };
  const insert = db.prepare(insertRecordSql(resolved.side, fileId, null));
  const groupInserts = new Map<string, Statement>();
  /** The INSERT of a group's first occurrences, its channel, currency and period written in. */
  const groupInsert = (g: RecordGroup): Statement => {
    const key = `${g.channelId}\u0000${g.currency}\u0000${g.period}`;
    let stmt = groupInserts.get(key);
    if (!stmt) {
      stmt = db.prepare(insertRecordSql(resolved.side, fileId, g));
      groupInserts.set(key, stmt);
    }
    return stmt;
  };
  const firstHolder = db.prepare('SELECT file_id FROM records WHERE side = ? AND channel_id = ? AND natural_key = ? AND key_occurrence = 1').pluck();

  // The k-th row with a natural key inside this file gets key_occurrence k. Rather than remembering a
  // million keys, the unique index on (side, channel, natural key, occurrence) tells when a key is
  // seen again: a row is first tried as occurrence 1, and only a conflict (the key stored by this file
  // or by an earlier one) makes the key's count in this file worth remembering.
  const repeated = new Map<string, number>();
  const occurrenceOf = (r: NormalisedRecord): number => {
    if (repeated.size === 0) return 1;
    const n = repeated.get(`${r.channelId}\u0000${r.naturalKey}`);
    return n === undefined ? 1 : n + 1;
  };
  /** The new record's id, or 0 when its natural key and occurrence are already stored. */
  const tryInsert = (r: NormalisedRecord, occurrence: number, rowNumber: number, first: Statement): number => {
    const info = occurrence === 1
      ? first.run(r.kind, r.orderId, r.channelTxnId, r.refundId, r.amountMinor, r.feeMinor, r.refundedMinor, r.status, r.occurredAt, r.account, r.memo, r.naturalKey, rowNumber)
      : insert.run(r.channelId, r.currency, r.period, occurrence, r.kind, r.orderId, r.channelTxnId, r.refundId, r.amountMinor, r.feeMinor, r.refundedMinor,
        r.status, r.occurredAt, r.account, r.memo, r.naturalKey, rowNumber);
    return info.changes > 0 ? Number(info.lastInsertRowid) : 0;
  };
  /**
   * channel + period → ids of this file's records there (record_ranges); also the periods the file
   * covers, and where rows would land in a closed period.
   */
  const ranges = new Map<string, { channelId: string; period: string; first: number; last: number; records: number }>();
  const insertCells = db.prepare(`INSERT INTO record_cells (file_id, first_row, last_row, codec, data) VALUES (${fileId}, ?, ?, 'brotli', ?)`);

  // Where each channel's rows of this file last went: rows of a bill mostly share channel, period and
  // currency (an in-house export alternates channels), so sets and maps are consulted only on a change.
  interface ChannelState { period: string; range: { last: number; records: number } | null; currency: string; totals: CurrencyTotals | null }
  const states = new Map<string, ChannelState>();
  let lastChannel = '';
  let state: ChannelState | null = null;
  const keep = (r: NormalisedRecord, rowNumber: number, contentCheck: number, first: Statement): void => {
    let occurrence = occurrenceOf(r);
    let id = tryInsert(r, occurrence, rowNumber, first);
    if (occurrence === 1 && id === 0) {
      // Occurrence 1 of this key exists. Stored by this file: this row is the key's 2nd here. Stored
      // by an earlier file: this row is that one again.
      if (firstHolder.get(resolved.side, r.channelId, r.naturalKey) === fileId) {
        occurrence = 2;
        id = tryInsert(r, occurrence, rowNumber, first);
      }
    }
    if (occurrence > 1 || id === 0) repeated.set(`${r.channelId}\u0000${r.naturalKey}`, occurrence);
    if (id === 0) {
      alreadyPresent++;
      return;
    }
    accepted++;
    storedAt.id = id;
    storedAt.keyOccurrence = occurrence;
    storedAt.rowNumber = rowNumber;
    digest.add(contentCheck, storedAt, r.kind, r.amountMinor, r.feeMinor);
    if (r.channelId !== lastChannel || state === null) {
      state = states.get(r.channelId) ?? null;
      if (!state) {
        state = { period: '', range: null, currency: '', totals: null };
        states.set(r.channelId, state);
      }
      lastChannel = r.channelId;
    }
    if (r.period !== state.period) {
      const key = `${r.channelId}\u0000${r.period}`;
      let range = ranges.get(key);
      if (!range) {
        range = { channelId: r.channelId, period: r.period, first: id, last: id, records: 0 };
        ranges.set(key, range);
      }
      state.period = r.period;
      state.range = range;
    }
    // Ids only grow inside one import: the range's end is this record.
    state.range!.last = id;
    state.range!.records++;
    let t = state.totals;
    if (r.currency !== state.currency || t === null) {
      let byCurrency = totals.get(r.channelId);
      if (!byCurrency) {
        byCurrency = new Map();
        totals.set(r.channelId, byCurrency);
      }
      t = byCurrency.get(r.currency) ?? null;
      if (!t) {
        t = { channelId: r.channelId, currency: r.currency, payments: 0, refunds: 0, grossMinor: 0, refundsMinor: 0, feesMinor: 0 };
        byCurrency.set(r.currency, t);
      }
      state.currency = r.currency;
      state.totals = t;
    }
    if (r.kind === 'payment') {
      t.payments++;
      t.grossMinor += r.amountMinor;
      t.feesMinor += r.feeMinor;
    } else {
      t.refunds++;
      t.refundsMinor += r.amountMinor;
      t.feesMinor -= r.feeMinor;
    }
  };
  const progress = progressReporter(options.onProgress);
  // Rows read: from the batches written, and (ahead of them) from the parse worker while it reads.
  let rowsRead = 0;
  const reportRead = (n: number) => {
    if (n > rowsRead) rowsRead = n;
    progress('read', rowsRead, null);
  };
  const s = runner.collect((batch) => {
    // The block keeps the raw cells of every row of the batch, those already present included: cheap,
    // and the block's row range then matches the file's.
    insertCells.run(batch.firstRow, batch.lastRow, batch.cells);
    const reader = new BatchReader(batch);
    const firsts = batch.groups.map(groupInsert);
    for (let i = 0; i < batch.count; i++) {
      const { record, rowNumber, group, contentCheck } = reader.record(i);
      keep(record, rowNumber, contentCheck, firsts[group]!);
    }
    reportRead(batch.rowsRead);
  }, options.signal, reportRead);
  // Each table checks its own totals: every daily file of a monthly ZIP carries its own footer.
  const several = s.parts.length > 1;
  let footerChecked = s.parts.length > 0;
  for (const part of s.parts) footerChecked = checkFooter(profile, part, several ? `${fileName} › ${part.name}` : fileName) && footerChecked;
  if (options.signal?.aborted) throw cancelled(fileName);
  refuseClosedPeriods(db, [...ranges.values()], fileName);
  const insertRange = db.prepare(`INSERT INTO record_ranges (channel_id, period, side, file_id, first_id, last_id, records) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const g of ranges.values()) insertRange.run(g.channelId, g.period, resolved.side, fileId, g.first, g.last, g.records);
  digest.store(db, fileId, 'import');

  // Notes of the opening that chose the profile, and of the reading itself (merged cells met on the way).
  const warnings: Bilingual[] = [...new Set([...opened.notes, ...s.notes])].map((n) => ({ zh: n, en: n }));
  for (const a of s.asides) {
    const amount = minorToDecimal(a.amountMinor, currencyExponent(a.currency));
    warnings.push(a.as === 'fee'
      ? { zh: `${a.period} 手续费 ${a.rows} 笔，共 ${amount} ${a.currency}：记为该账期的费用，不作为交易保存`, en: `${a.period}: ${a.rows} fee rows, ${amount} ${a.currency} in all, taken as fees of the period, not stored as trades` }
      : { zh: `${a.period} 提现/结算划转 ${a.rows} 笔，共 ${amount} ${a.currency}：是结算划转，不是销售，未作为交易保存`, en: `${a.period}: ${a.rows} withdrawals, ${amount} ${a.currency} in all: settlement transfers, not sales, not stored as trades` });
  }
  if (several) {
    const names = s.parts.map((p) => p.name);
    warnings.push({ zh: `本账单由 ${names.length} 个文件组成：${names.join('、')}`, en: `This bill is made of ${names.length} files: ${names.join(', ')}` });
  }
  if (alreadyPresent > 0) {
    warnings.push({
      zh: `${alreadyPresent} 行此前已从其他文件导入（账单时间段重叠），未重复保存`,
      en: `${alreadyPresent} rows were already imported from another file (overlapping bills) and were not stored again`,
    });
  }
  for (const [reason, n] of Object.entries(s.rejected)) {
    warnings.push({ zh: `${n} 行被拒绝：${reason}（没有对应的渠道）`, en: `${n} rows rejected: ${reason} (no such channel)` });
  }
  const totalsList = [...totals.values()].flatMap((m) => [...m.values()]).sort((a, b) => (a.channelId + a.currency).localeCompare(b.channelId + b.currency));
  const result: ImportSummary = {
    fileId,
    fileName,
    sha256: sha,
    profileId: profile.id,
    profileName: profile.name,
    side: resolved.side,
    channelId: resolved.fileChannelId,
    container: opened.container,
    encoding: table.encoding,
    table: table.name,
    rowsInFile: s.rowsInFile,
    dataRows: accepted + total(s.filtered) + alreadyPresent + total(s.rejected),
    accepted,
    filtered: total(s.filtered),
    alreadyPresent,
    rejected: total(s.rejected),
    skipped: total(s.skipped),
    filteredByReason: s.filtered,
    rejectedByReason: s.rejected,
    skippedByReason: s.skipped,
    payments: totalsList.reduce((n, t) => n + t.payments, 0),
    refunds: totalsList.reduce((n, t) => n + t.refunds, 0),
    totals: totalsList,
    periods: [...new Set([...ranges.values()].map((g) => g.period))].sort(),
    footerChecked,
    ...(s.asides.length > 0 ? { asides: s.asides } : {}),
    warnings,
    importedAt,
    importedBy,
  };
  db.prepare('UPDATE source_files SET rows_in_file = ?, accepted = ?, filtered = ?, already_present = ?, rejected = ?, summary = ?, header = ? WHERE id = ?')
    .run(s.rowsInFile, accepted, result.filtered, alreadyPresent, result.rejected, JSON.stringify(result), JSON.stringify(s.header), fileId);
  appendAudit(db, {
    action: 'import.file',
    channelId: resolved.fileChannelId,
    period: result.periods.length === 1 ? result.periods[0]! : null,
    subject: `${fileName} (${sha.slice(0, 12)})`,
    before: null,
    after: { fileId, profile: profile.id, rowsInFile: result.rowsInFile, accepted, filtered: result.filtered, alreadyPresent, rejected: result.rejected, totals: totalsList },
  });
  return { summary: result, kept: s.kept };
}

export const PREVIEW_ROWS = 100;

/** The first PREVIEW_ROWS data rows, raw and normalised; a row that fails shows its error instead. */
export function collectPreviewRows(cursor: RowCursor, profile: Profile, normalise: RowNormaliser): PreviewRow[] {
  const rows: PreviewRow[] = [];
  walkData(cursor, profile, {
    skip() {},
    footerLine() {},
    summaryRow() {},
    data(row) {
      let outcome: PreviewRow['outcome'];
      try {
        outcome = normalise(row.cells, row.rowNumber);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        outcome = { type: 'error', message: { zh: e.zh, en: e.en } };
      }
      rows.push({ rowNumber: row.rowNumber, raw: row.cells.map(rawText), outcome });
      return rows.length < PREVIEW_ROWS;
    },
  });
  return rows;
}
const PREVIEW_TEXT_BYTES = 4 * 1024 * 1024;

/**
 * A text file is cut to its first few MB (at a line feed) for the preview, so that the first rows of
 * a 200 MB bill show at once; 0x0A is never part of a multi-byte character in UTF-8 or GBK. Containers
 * (ZIP, xlsx, xls, gzip) and UTF-16 text are read whole.
 */
function previewBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= PREVIEW_TEXT_BYTES) return bytes;
  const b0 = bytes[0], b1 = bytes[1];
  const container = (b0 === 0x50 && b1 === 0x4b) || (b0 === 0xd0 && b1 === 0xcf) || (b0 === 0x1f && b1 === 0x8b);
  const utf16 = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  if (container || utf16) return bytes;
  const cut = bytes.lastIndexOf(0x0a, PREVIEW_TEXT_BYTES);
  return cut > 0 ? bytes.subarray(0, cut + 1) : bytes;
}

/** The first rows as the file has them and as they would be stored. Reads no further than needed. */
export function previewFile(db: DB, bytes: Uint8Array, fileName: string, options: Pick<ImportOptions, 'profileId' | 'channelId' | 'internal'> = {}): ImportPreview {
  const prior = db.prepare('SELECT imported_at FROM source_files WHERE sha256 = ?').get(sha256Hex(bytes)) as { imported_at: string } | undefined;
  const located = locateIn(db, previewBytes(bytes), fileName, options);
  const { profile, opened } = located;
  const { table, cursor } = located.tables[0]!;
  const resolved = resolveChannel(db, profile, fileName, options, tableDate1904(table));
  const taken = takeHeader(cursor, profile, SCAN_LIMIT)!;
  const header = taken.cells;
  const normalise = compileMapping(profile, header, resolved.mappingContext, tableContextOf(taken, fileName, table.name));
  const rows = collectPreviewRows(cursor, profile, normalise);
  return {
    fileName,
    container: opened.container,
    encoding: table.encoding,
    table: table.name,
    profileId: profile.id,
    profileName: profile.name,
    side: resolved.side,
    channelId: resolved.fileChannelId,
    header,
    rows,
    notes: opened.notes,
    alreadyImportedAt: prior?.imported_at ?? null,
  };
}
