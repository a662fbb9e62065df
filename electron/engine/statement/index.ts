// Statements and difference exports (issue 4): what leaves the tool for finance and the channel.
// Every export reads one snapshot of the workspace, writes its file atomically and is recorded in the
// audit log with the file's SHA-256 and the data digest.
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Lang } from '../../../shared/errors';
import { currencyExponent, parseMoney } from '../../../shared/money';
import type { StatementExportResult, StatementFigure, StatementVerification } from '../../../shared/contract/statement';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { assertPeriodIntact } from '../integrity/verify';
import type { DB } from '../workspace/db';
import type { WrittenFile } from './atomic-file';
import { StatementDigest } from './digest';
import { differencesCsvBytes, type CsvEncoding } from './csv';
import { renderStatementHtml } from './html';
import { SUMMARY_LABEL, type SummaryKey } from './labels';
import { allDifferences, currentFigures, loadStatement } from './load';
import { placeRecorded, writeRecorded } from './recorded';
import { sealStatementWorkbook } from './workbook';
import { statementReadiness } from './readiness';
import { statementNumber } from '../parties';

export interface StatementTarget {
  channelId: string;
  period: string;
  outPath: string;
  lang?: Lang;
}

/** Reads in one snapshot: a match or import committed meanwhile is either wholly in or wholly out. */
function snapshot<T>(db: DB, fn: () => T): T {
  return db.transaction(fn).deferred();
}

/** A statement is made only of records that still agree with their files' digests (integrity/). */
const NOT_EXPORTED = { zh: '未导出对账确认单。', en: 'The statement was not exported.' };

/** The audit entry of an export, written in the same step as the file is put in place (recorded.ts). */
function entry(action: string, channelId: string, period: string, extra: Record<string, unknown>) {
  return (file: WrittenFile) => ({
    action, channelId, period, subject: basename(file.path),
    after: { path: file.path, sha256: file.sha256, bytes: file.bytes, ...extra },
  });
}

/** Checks the statement means something, then gives it its number (statement numbers are never wasted on refusals). */
function issueNumber(db: DB, channelId: string, period: string): string {
  const ready = statementReadiness(db, channelId, period);
  if (ready.problem) throw new UserError(ready.problem.key, ready.problem.zh, ready.problem.en, { channel: channelId, period });
  return statementNumber(db, channelId, period);
}

/** The 对账确认单 workbook (汇总 / 明细 / 差错 / 挂账). */
export function exportStatement(db: DB, target: StatementTarget): StatementExportResult {
  const lang = target.lang ?? 'zh';
  assertPeriodIntact(db, target.channelId, target.period, NOT_EXPORTED);
  const number = issueNumber(db, target.channelId, target.period);
  const { data, sealed } = snapshot(db, () => {
    assertPeriodIntact(db, target.channelId, target.period, NOT_EXPORTED);
    const data = { ...loadStatement(db, target.channelId, target.period), number };
    return { data, sealed: sealStatementWorkbook(data, target.outPath, lang) };
  });
  const { facts } = sealed;
  const r = data.report;
  const file = { ...placeRecorded(db, sealed.file, entry('statement.export', target.channelId, target.period, {
    format: 'xlsx', number, digest: facts.digest, net: r.net, agreed: r.agreed, disputed: r.disputed, matchedRows: facts.matchedRows, differenceRows: facts.differenceRows,
  })), ...facts };
  return { ...file, channelId: target.channelId, period: target.period, report: data.report, number };
}

/** The printable statement as a self-contained HTML string (and file, when a path is given). */
export function statementHtml(db: DB, target: Omit<StatementTarget, 'outPath'> & { outPath?: string }): { html: string; digest: string; file: WrittenFile | null } {
  const lang = target.lang ?? 'zh';
  assertPeriodIntact(db, target.channelId, target.period, NOT_EXPORTED);
  const number = issueNumber(db, target.channelId, target.period);
  const { html, digest, report } = snapshot(db, () => {
    assertPeriodIntact(db, target.channelId, target.period, NOT_EXPORTED);
    const data = { ...loadStatement(db, target.channelId, target.period), number };
    const digest = new StatementDigest({ channelId: data.channel.id, period: data.period, currency: data.channel.currency, report: data.report });
    let matchedRows = 0;
    for (const m of data.matched()) {
      matchedRows++;
      digest.matched(m);
    }
    const hex = digest.finish(data.differences);
    return { html: renderStatementHtml(data, lang, { matchedRows, digest: hex }), digest: hex, report: data.report };
  });
  if (target.outPath === undefined) return { html, digest, file: null };
  const file = writeRecorded(db, target.outPath, Buffer.from(html, 'utf8'),
    entry('statement.export', target.channelId, target.period, { format: 'html', number, digest, net: report.net, agreed: report.agreed, disputed: report.disputed }));
  return { html, digest, file };
}

export interface DifferencesCsvTarget extends StatementTarget {
  encoding?: CsvEncoding;
  /** Only open differences (the default), or all of the period. */
  all?: boolean;
}

export function exportDifferencesCsv(db: DB, target: DifferencesCsvTarget): WrittenFile & { rows: number } {
  const channel = getChannel(db, target.channelId);
  const diffs = snapshot(db, () => allDifferences(db, target.channelId, target.period, target.all ? undefined : 'open'));
  const encoding = target.encoding ?? 'utf-8';
  const bytes = differencesCsvBytes(diffs, { lang: target.lang ?? 'zh', encoding, currency: channel.currency, timeZone: channel.timeZone });
  const file = writeRecorded(db, target.outPath, bytes, entry('differences.export', target.channelId, target.period, { format: 'csv', encoding, rows: diffs.length }));
  return { ...file, rows: diffs.length };
}

// ---- verification ------------------------------------------------------------------------------

type SummaryFigure = Exclude<StatementFigure, 'matched_rows' | 'matched_net' | 'difference_rows'>;
const FIGURE_KEYS: readonly SummaryFigure[] = ['payment_rows', 'refund_rows', 'gross', 'refunds', 'fees', 'net', 'agreed', 'disputed', 'claims', 'waived_total', 'waived_count'];
const COUNT_KEYS: ReadonlySet<SummaryFigure> = new Set(['payment_rows', 'refund_rows', 'waived_count']);

/** 0-based column of 净额 / Net in the 明细 sheet (workbook.ts MATCHED_HEAD). */
const MATCHED_NET_COLUMN = 8;

type Row = (XLSX.CellObject | undefined)[];

/** The rows of a sheet read in dense mode, blank rows left out. */
function sheetRows(ws: XLSX.WorkSheet | undefined): Row[] {
  const data = (ws?.['!data'] ?? []) as (Row | undefined)[];
  return data.filter((row): row is Row => row !== undefined && row.some((c) => c !== undefined && c.v !== undefined && c.v !== ''));
}

/** Data rows below the header row. */
function detailRows(ws: XLSX.WorkSheet | undefined): Row[] {
  return sheetRows(ws).slice(1);
}

function labelKey(text: unknown): SummaryKey | undefined {
  if (typeof text !== 'string') return undefined;
  for (const [key, label] of Object.entries(SUMMARY_LABEL)) if (label.zh === text || label.en === text) return key as SummaryKey;
  return undefined;
}

/** A numeric cell back to minor units through its shortest decimal text (never float arithmetic). */
function cellMinor(cell: XLSX.CellObject | undefined, exponent: number): number | null {
  if (!cell || cell.t !== 'n' || typeof cell.v !== 'number') return null;
  const parsed = parseMoney(String(cell.v), { exponent });
  return parsed.ok ? parsed.minor : null;
}

/**
 * Re-reads a statement workbook (ours, or a copy that came back) and checks it against the workspace:
 * the data digest printed in it and every figure of its summary sheet.
 */
export function verifyStatement(db: DB, path: string): StatementVerification {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(readFileSync(path), { type: 'buffer', dense: true, cellFormula: false, cellHTML: false });
  } catch (e) {
    throw new UserError('statement.unreadable', `无法读取对账确认单 ${path}：${(e as Error).message}`, `Cannot read the statement ${path}: ${(e as Error).message}`, { path });
  }
  const found = new Map<SummaryKey, XLSX.CellObject | undefined>();
  for (const row of sheetRows(wb.Sheets[wb.SheetNames[0] ?? ''])) {
    const key = labelKey(row[0]?.v);
    if (key) found.set(key, row[1]);
  }
  const textOf = (k: SummaryKey) => { const v = found.get(k)?.v; return typeof v === 'string' ? v : ''; };
  const channelId = textOf('channelId');
  const period = textOf('period');
  const digestInFile = textOf('digest');
  if (!channelId || !period || !/^[0-9a-f]{64}$/.test(digestInFile)) {
    throw new UserError('statement.not_a_statement', `${basename(path)} 不是 ReconDesk 导出的对账确认单（找不到渠道、账期或校验码）。`, `${basename(path)} is not a ReconDesk statement (no channel, period or digest found).`, { path });
  }
  const channel = getChannel(db, channelId);
  const exponent = currencyExponent(channel.currency);
  const now = snapshot(db, () => currentFigures(db, channelId, period));
  const { digest, report } = now;
  const mismatches: StatementVerification['mismatches'] = [];
  for (const key of FIGURE_KEYS) {
    const cell = found.get(key);
    const inFile = COUNT_KEYS.has(key) ? (typeof cell?.v === 'number' ? cell.v : null) : cellMinor(cell, exponent);
    if (inFile !== report[key]) mismatches.push({ field: key, inFile, now: report[key] });
  }
  // Read-back of the detail sheets (reliability I11): rows written = rows in the workspace, and the
  // matched rows' net adds up to the same total, so a cut-off or edited copy is noticed.
  const matched = detailRows(wb.Sheets[wb.SheetNames[1] ?? '']);
  let matchedNet: number | null = 0;
  for (const row of matched) {
    const minor = cellMinor(row[MATCHED_NET_COLUMN], exponent);
    matchedNet = minor === null || matchedNet === null ? null : matchedNet + minor;
  }
  const differenceRows = detailRows(wb.Sheets[wb.SheetNames[2] ?? '']).length;
  const readBack: [StatementFigure, number | null, number][] = [
    ['matched_rows', matched.length, now.matchedRows], ['matched_net', matchedNet, now.matchedNet], ['difference_rows', differenceRows, now.differenceRows],
  ];
  for (const [field, inFile, current] of readBack) if (inFile !== current) mismatches.push({ field, inFile, now: current });
  return { ok: digest === digestInFile && mismatches.length === 0, channelId, period, digestInFile, digestNow: digest, mismatches };
}
