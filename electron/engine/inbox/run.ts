// The daily run (`recondesk run --inbox DIR`), meant for cron or Task Scheduler: import every new
// bill dropped into DIR, match what changed (and risk-screen it), write a dated difference report and tell by exit code
// whether anyone needs to look.
//
// Where files go:
//   DIR/imported/    imported now, or imported by an earlier run that died before moving it
//   DIR/duplicates/  the same bytes (SHA-256) were imported before under another name; plus a reason file
//   DIR/failed/      not recognised, unreadable, or refused by the import checks; plus <name>.reason.txt
//   DIR/reports/     differences-YYYY-MM-DD-HHMMSS.xlsx and .txt (the text is short enough to mail)
//   DIR itself       a file modified in the last `settleSeconds` stays for the next run (still arriving)
// Each import is one transaction; a file is moved only after its import committed, so a crash leaves
// either an unimported file in DIR (imported next time) or an imported one (moved next time).
// What gets matched is not what this run imported but what the workspace says is behind: every open
// channel and period with rows imported after its last match run (status.ts, behindMatching). So a run killed after an import
// (before the move, or after it but before the match) is finished by the next run, whatever killed it.
// Another job writing the same workspace (a second inbox, a clerk's import) is waited for, up to
// `lockWait`, at each write.
//
// Exit code: 0 nothing needs attention; 1 an open difference exceeds its channel's per-item tolerance,
// or a file failed (a bill sitting in failed/ must not go unnoticed by a cron job); 2 the run itself
// could not work (inbox missing, another run holds the lock, an internal error).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ChannelAttention, InboxFile, InboxOutcome, InboxRunResult } from '../../../shared/contract/statement';
import type { ChannelSettings } from '../../../shared/domain';
import type { Lang } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { formatInstant } from '../../../shared/time';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { readFileShared } from '../import/file-bytes';
import { prewarmParseWorker } from '../import/parallel';
import { importFile } from '../import/pipeline';
import { matchAndScreen } from '../risk/match-and-screen';
import { computeReport } from '../report';
import { appendAudit } from '../workspace/audit';
import { getSetting, openWorkspace, setLockWait, writeTransaction, type DB, type LockWait } from '../workspace/db';
import { writeFileAtomic } from '../statement/atomic-file';
import { allDifferences } from '../statement/load';
import { writeDifferenceReport } from './report';
import { acquireLock, LOCK_NAME } from './lock';
import { behindMatching } from './status';
import { receiptsDailyStep, receiptsText } from '../receivables/daily';

export interface InboxOptions {
  inbox: string;
  /**
   * Files modified less than this many seconds ago are left for the next run: a folder synced from SFTP
   * or mail may still be writing them, and a cut-off CSV without footer totals would import short.
   * Default 30.
   */
  settleSeconds?: number;
  /** Also match and report this period even when no file of it arrived. */
  period?: string;
  lang?: Lang;
  now?: number;
  /** How long each write may wait for another job holding the workspace, and whom to tell meanwhile. */
  lockWait?: LockWait;
}

const FOLDERS = { imported: 'imported', duplicates: 'duplicates', failed: 'failed', reports: 'reports' } as const;

/** A free name in `dir`: "bill.csv", then "bill (2).csv", … so nothing already there is overwritten. */
function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!existsSync(join(dir, candidate)) && !existsSync(join(dir, candidate + '.reason.txt'))) return candidate;
  }
}

function moveTo(inbox: string, folder: string, name: string, reason: { zh: string; en: string } | null, details?: unknown): string {
  const dir = join(inbox, folder);
  const target = freeName(dir, name);
  if (reason) {
    const text = `${reason.zh}\n\n${reason.en}\n${details === undefined ? '' : '\n' + JSON.stringify(details, null, 2) + '\n'}`;
    writeFileAtomic(join(dir, target + '.reason.txt'), text);
  }
  renameSync(join(inbox, name), join(dir, target));
  return join(folder, target);
}

function priorImport(db: DB, sha: string): { file_name: string; imported_at: string } | undefined {
  return db.prepare('SELECT file_name, imported_at FROM source_files WHERE sha256 = ?').get(sha) as { file_name: string; imported_at: string } | undefined;
}

function processFile(db: DB, inbox: string, name: string, settledBefore: number): InboxFile {
  if (statSync(join(inbox, name)).mtimeMs > settledBefore) {
    return { name, outcome: 'waiting', movedTo: name, reason: { zh: '文件刚被修改，可能仍在写入，留待下次处理', en: 'Modified moments ago and may still be being written; left for the next run' }, channelId: null, periods: [], rows: 0 };
  }
  prewarmParseWorker(statSync(join(inbox, name)).size);
  const bytes = readFileShared(join(inbox, name));
  const sha = createHash('sha256').update(bytes).digest('hex');
  const prior = priorImport(db, sha);
  if (prior) {
    // Same name and not yet in imported/: the run that imported it died before the move.
    if (prior.file_name === name && !existsSync(join(inbox, FOLDERS.imported, name))) {
      return { name, outcome: 'recovered', movedTo: moveTo(inbox, FOLDERS.imported, name, null), reason: null, channelId: null, periods: [], rows: 0 };
    }
    const reason = {
      zh: `与 ${prior.imported_at} 导入的文件 ${prior.file_name} 内容完全相同（SHA-256 ${sha}），未重复导入。`,
      en: `Identical to ${prior.file_name}, imported on ${prior.imported_at} (SHA-256 ${sha}); not imported again.`,
    };
    return { name, outcome: 'duplicate', movedTo: moveTo(inbox, FOLDERS.duplicates, name, reason), reason, channelId: null, periods: [], rows: 0 };
  }
  try {
    const summary = importFile(db, bytes, name);
    return { name, outcome: 'imported', movedTo: moveTo(inbox, FOLDERS.imported, name, null), reason: null, channelId: summary.channelId, periods: summary.periods, rows: summary.accepted };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const reason = { zh: e.zh, en: e.en };
    return { name, outcome: 'failed', movedTo: moveTo(inbox, FOLDERS.failed, name, reason, e.details), reason, channelId: null, periods: [], rows: 0 };
  }
}

function inboxFiles(inbox: string): string[] {
  return readdirSync(inbox)
    .filter((name) => !name.startsWith('.') && !name.startsWith('~$') && statSync(join(inbox, name)).isFile())
    .sort();
}

function latestPeriod(db: DB): string | null {
  return (db.prepare("SELECT MAX(period) AS p FROM record_ranges WHERE side = 'channel'").get() as { p: string | null }).p;
}

function overTolerance(db: DB, channel: ChannelSettings, period: string): { open: number; over: number } {
  const open = allDifferences(db, channel.id, period, 'open');
  return { open: open.length, over: open.filter((d) => Math.abs(d.differenceMinor) > channel.toleranceMinor).length };
}

/** Runs the daily job on an open workspace. Throws UserError for run-level problems (exit code 2). */
export function runInboxOn(db: DB, options: InboxOptions): InboxRunResult {
  const inbox = options.inbox;
  if (!existsSync(inbox) || !statSync(inbox).isDirectory()) {
    throw new UserError('inbox.not_found', `收件箱目录不存在：${inbox}`, `Inbox folder not found: ${inbox}`, { inbox });
  }
  const lock = acquireLock(join(inbox, LOCK_NAME));
  setLockWait(db, options.lockWait);
  try {
    for (const f of Object.values(FOLDERS)) mkdirSync(join(inbox, f), { recursive: true });
    const now = options.now ?? Date.now();
    const settledBefore = Date.now() - (options.settleSeconds ?? 30) * 1000;
    const files = inboxFiles(inbox).map((name) => processFile(db, inbox, name, settledBefore));
    const toMatch = behindMatching(db);
    // With nothing behind and no period asked for, the report still shows where the latest month stands.
    const reportPeriod = options.period ?? (toMatch.size === 0 ? latestPeriod(db) : null);
    if (reportPeriod) {
      for (const c of computeReport(db, { period: reportPeriod }).channels) {
        const set = toMatch.get(c.channel) ?? new Set<string>();
        set.add(reportPeriod);
        toMatch.set(c.channel, set);
      }
    }
    const matched: InboxRunResult['matched'] = [];
    const channels: ChannelAttention[] = [];
    for (const [channelId, periods] of [...toMatch].sort(([a], [b]) => a.localeCompare(b))) {
      const channel = getChannel(db, channelId);
      for (const period of [...periods].sort()) {
        try {
          matchAndScreen(db, { period, channelId });
          matched.push({ channelId, period, skipped: null });
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          matched.push({ channelId, period, skipped: e.zh });
        }
        const report = computeReport(db, { period, channelId }).channels[0];
        if (!report) continue;
        const { open, over } = overTolerance(db, channel, period);
        channels.push({ channelId, period, open, overTolerance: over, report });
      }
    }
    const zone = getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
    const stamp = formatInstant(now, zone).replace(' ', '-').replace(/:/g, '');
    const lang = options.lang ?? 'zh';
    const needsAttention = channels.some((c) => c.overTolerance > 0) || files.some((f) => f.outcome === 'failed');
    const result: InboxRunResult = { inbox, files, matched, channels, reportFiles: [], exitCode: needsAttention ? 1 : 0 };
    const base = join(inbox, FOLDERS.reports, `differences-${stamp}`);
    writeDifferenceReport(db, result, `${base}.xlsx`, lang);
    // Receipts stage: new bank receipts and newly overdue receivables; an overdue one needs a person.
    result.receipts = receiptsDailyStep(db, now);
    if (result.receipts.newlyOverdue.length > 0) result.exitCode = 1;
    writeFileAtomic(`${base}.txt`, summaryText(result, now, zone, lang) + receiptsText(result.receipts, lang));
    result.reportFiles = [`${base}.xlsx`, `${base}.txt`];
    writeTransaction(db, () => appendAudit(db, {
      action: 'inbox.run', subject: inbox,
      after: { files: files.map((f) => ({ name: f.name, outcome: f.outcome, movedTo: f.movedTo })), matched, exitCode: result.exitCode, reports: result.reportFiles },
    }));
    return result;
  } finally {
    setLockWait(db, undefined);
    lock.release();
  }
}

/** Opens the workspace when given a path (and closes it again), so a scheduler can call this alone. */
export function runInbox(workspace: DB | string, options: InboxOptions): InboxRunResult {
  if (typeof workspace !== 'string') return runInboxOn(workspace, options);
  const ws = openWorkspace(workspace, { create: false });
  try {
    return runInboxOn(ws.db, options);
  } finally {
    ws.db.close();
  }
}

const OUTCOME_TEXT: Record<InboxOutcome, { zh: string; en: string }> = {
  imported: { zh: '已导入', en: 'imported' },
  recovered: { zh: '此前已导入，本次移入 imported', en: 'imported earlier, moved now' },
  duplicate: { zh: '重复文件', en: 'duplicate' },
  failed: { zh: '失败', en: 'failed' },
  waiting: { zh: '等待写入完成', en: 'still arriving' },
};

/** The mail body: what arrived, what it did to each channel, what needs a person. */
export function summaryText(r: InboxRunResult, now: number, zone: string, lang: Lang): string {
  const zh = lang === 'zh';
  const lines = [zh ? `ReconDesk 每日对账 ${formatInstant(now, zone)}` : `ReconDesk daily run ${formatInstant(now, zone)}`, ''];
  lines.push(zh ? `文件：${r.files.length} 个` : `Files: ${r.files.length}`);
  for (const f of r.files) {
    const why = f.reason ? ` — ${f.reason[lang]}` : '';
    lines.push(`  ${f.name}: ${OUTCOME_TEXT[f.outcome][lang]}${f.rows ? (zh ? `，${f.rows} 行` : `, ${f.rows} rows`) : ''}${why}`);
  }
  lines.push('');
  if (r.channels.length === 0) lines.push(zh ? '没有需要勾对的渠道和账期。' : 'No channel or period to match.');
  for (const c of r.channels) {
    const m = (minor: number) => formatMoney(minor, c.report.currency);
    lines.push(zh
      ? `${c.channelId} ${c.period}：净额 ${m(c.report.net)}，认可 ${m(c.report.agreed)}，争议 ${m(c.report.disputed)}，未决差错 ${c.open} 笔（超出容差 ${c.overTolerance} 笔）`
      : `${c.channelId} ${c.period}: net ${m(c.report.net)}, agreed ${m(c.report.agreed)}, disputed ${m(c.report.disputed)}, open differences ${c.open} (${c.overTolerance} over tolerance)`);
  }
  lines.push('');
  lines.push(r.exitCode === 0
    ? (zh ? '结论：无需处理。' : 'Result: nothing needs attention.')
    : (zh ? '结论：有超出容差的未决差错或失败的文件，请处理。' : 'Result: open differences over tolerance or failed files need attention.'));
  return lines.join('\n') + '\n';
}
