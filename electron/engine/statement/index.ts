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
import { appendAudit } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import { writeFileAtomic, type WrittenFile } from './atomic-file';
import { StatementDigest } from './digest';
import { writeDifferencesCsv, type CsvEncoding } from './csv';
import { renderStatementHtml } from './html';
import { SUMMARY_LABEL, type SummaryKey } from './labels';
import { allDifferences, currentDigest, loadStatement } from './load';
import { writeStatementWorkbook } from './workbook';

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

function audit(db: DB, action: string, channelId: string, period: string, file: WrittenFile, extra: Record<string, unknown>): void {
  writeTransaction(db, () => appendAudit(db, {
    action, channelId, period, subject: basename(file.path),
    after: { path: file.path, sha256: file.sha256, bytes: file.bytes, ...extra },
  }));
}

/** The 对账确认单 workbook (汇总 / 明细 / 差错 / 挂账). */
export function exportStatement(db: DB, target: StatementTarget): StatementExportResult {
  const lang = target.lang ?? 'zh';
  const { data, file } = snapshot(db, () => {
    const data = loadStatement(db, target.channelId, target.period);
    return { data, file: writeStatementWorkbook(data, target.outPath, lang) };
  });
  const r = data.report;
  audit(db, 'statement.export', target.channelId, target.period, file, {
    format: 'xlsx', digest: file.digest, net: r.net, agreed: r.agreed, disputed: r.disputed, matchedRows: file.matchedRows, differenceRows: file.differenceRows,
  });
  return { ...file, channelId: target.channelId, period: target.period, report: r };
}

/** The printable statement as a self-contained HTML string (and file, when a path is given). */
export function statementHtml(db: DB, target: Omit<StatementTarget, 'outPath'> & { outPath?: string }): { html: string; digest: string; file: WrittenFile | null } {
  const lang = target.lang ?? 'zh';
  const { html, digest } = snapshot(db, () => {
    const data = loadStatement(db, target.channelId, target.period);
    const digest = new StatementDigest({ channelId: data.channel.id, period: data.period, currency: data.channel.currency, report: data.report });
    let matchedRows = 0;
    for (const m of data.matched()) {
      matchedRows++;
      digest.matched(m);
    }
    const hex = digest.finish(data.differences);
    return { html: renderStatementHtml(data, lang, { matchedRows, digest: hex }), digest: hex };
  });
  if (target.outPath === undefined) return { html, digest, file: null };
  const file = writeFileAtomic(target.outPath, html);
  audit(db, 'statement.export', target.channelId, target.period, file, { format: 'html', digest });
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
  const file = writeDifferencesCsv(diffs, target.outPath, { lang: target.lang ?? 'zh', encoding: target.encoding ?? 'utf-8', currency: channel.currency, timeZone: channel.timeZone });
  audit(db, 'differences.export', target.channelId, target.period, file, { format: 'csv', encoding: target.encoding ?? 'utf-8', rows: file.rows });
  return file;
}

// ---- verification ------------------------------------------------------------------------------

const FIGURE_KEYS: readonly StatementFigure[] = ['payment_rows', 'refund_rows', 'gross', 'refunds', 'fees', 'net', 'agreed', 'disputed', 'claims', 'waived_total', 'waived_count'];
const COUNT_KEYS: ReadonlySet<StatementFigure> = new Set(['payment_rows', 'refund_rows', 'waived_count']);

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
    wb = XLSX.read(readFileSync(path), { type: 'buffer', sheets: 0, cellFormula: false, cellHTML: false });
  } catch (e) {
    throw new UserError('statement.unreadable', `无法读取对账确认单 ${path}：${(e as Error).message}`, `Cannot read the statement ${path}: ${(e as Error).message}`, { path });
  }
  const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
  const found = new Map<SummaryKey, XLSX.CellObject | undefined>();
  if (ws?.['!ref']) {
    const range = XLSX.utils.decode_range(ws['!ref']);
    for (let r = range.s.r; r <= range.e.r; r++) {
      const key = labelKey(ws[XLSX.utils.encode_cell({ r, c: 0 })]?.v);
      if (key) found.set(key, ws[XLSX.utils.encode_cell({ r, c: 1 })]);
    }
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
  const { digest, report } = snapshot(db, () => currentDigest(db, channelId, period));
  const mismatches: StatementVerification['mismatches'] = [];
  for (const key of FIGURE_KEYS) {
    const cell = found.get(key);
    const inFile = COUNT_KEYS.has(key) ? (typeof cell?.v === 'number' ? cell.v : null) : cellMinor(cell, exponent);
    if (inFile !== report[key]) mismatches.push({ field: key, inFile, now: report[key] });
  }
  return { ok: digest === digestInFile && mismatches.length === 0, channelId, period, digestInFile, digestNow: digest, mismatches };
}
