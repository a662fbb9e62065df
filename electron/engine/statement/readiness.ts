// Whether a statement of a channel and period would mean something (docs/statements.md "When a
// statement is refused"): a bill was imported, the matcher ran, and nothing was imported since. The
// statement screen shows this before export; every export path refuses with the same reason.
import type { StatementReadiness } from '../../../shared/contract/statement';
import type { ChannelPeriodReport } from '../../../shared/report';
import type { ChannelSettings } from '../../../shared/domain';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { channelReport } from '../report';
import { openDifferenceTotals } from '../resolve/periods';
import type { DB } from '../workspace/db';

/** Rows of the period (either side) from files imported after `since`, and when the last such file came. */
function importedSince(db: DB, channelId: string, period: string, since: string | null): { rows: number; lastImportAt: string | null } {
  const r = db.prepare(`SELECT MAX(sf.imported_at) AS last, COALESCE(SUM(CASE WHEN ? IS NULL OR sf.imported_at > ? THEN rr.records ELSE 0 END), 0) AS rows
    FROM record_ranges rr JOIN source_files sf ON sf.id = rr.file_id WHERE rr.channel_id = ? AND rr.period = ?`)
    .get(since, since, channelId, period) as { last: string | null; rows: number };
  return { rows: r.last === null ? 0 : r.rows, lastImportAt: r.last };
}

/** The refusal of a statement that would not mean anything, or null when it may be exported. */
function refusal(channel: ChannelSettings, period: string, report: ChannelPeriodReport, lateRows: number): UserError | null {
  const facts = { channel: channel.id, period };
  if (report.payment_rows + report.refund_rows === 0) {
    return new UserError('statement.no_bill', `渠道 ${channel.name} ${period} 没有导入任何渠道账单，不能出对账确认单。请先导入该期账单并对账。`,
      `No bill of ${channel.name} is imported for ${period}; there is nothing to state. Import the bill and match it first.`, facts);
  }
  if (!report.matched_at) {
    return new UserError('statement.not_matched', `渠道 ${channel.name} ${period} 尚未勾对，请先运行 match --period ${period} --channel ${channel.id}。`,
      `${channel.name} ${period} has not been matched yet; run match --period ${period} --channel ${channel.id} first.`, facts);
  }
  const rows = Math.max(report.unmatched_rows ?? 0, lateRows);
  if (rows > 0) {
    return new UserError('statement.match_outdated', `渠道 ${channel.name} ${period} 有 ${rows} 行数据是在最近一次勾对之后导入的，请先重新勾对（match --period ${period} --channel ${channel.id}）再导出。`,
      `${rows} rows of ${channel.name} ${period} were imported after the last match; run match --period ${period} --channel ${channel.id} again before exporting.`, { ...facts, rows });
  }
  return null;
}

export function statementReadiness(db: DB, channelId: string, period: string, report?: ChannelPeriodReport): StatementReadiness {
  const channel = getChannel(db, channelId);
  const figures = report ?? channelReport(db, channel, period);
  const matchedAt = figures.matched_at ?? null;
  const late = importedSince(db, channelId, period, matchedAt);
  const open = openDifferenceTotals(db, channelId, period);
  const problem = refusal(channel, period, figures, matchedAt === null ? 0 : late.rows);
  return {
    channelId, period, currency: channel.currency,
    ready: problem === null,
    problem: problem && { key: problem.key, zh: problem.zh, en: problem.en },
    openDifferences: open.count,
    openAmountMinor: open.amountMinor,
    matchedAt,
    lastImportAt: late.lastImportAt,
    closed: figures.closed,
  };
}

/** Throws the reason a statement of this channel and period would not mean anything. */
export function assertStatementReady(db: DB, channel: ChannelSettings, period: string, report: ChannelPeriodReport): void {
  const late = report.matched_at ? importedSince(db, channel.id, period, report.matched_at).rows : 0;
  const problem = refusal(channel, period, report, late);
  if (problem) throw problem;
}
