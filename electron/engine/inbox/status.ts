// `recondesk status --period P`: where each channel stands in the month, so that the one bill nobody
// downloaded (中国银行 must be fetched by hand from its portal) is noticed before the statements go out.
// expected → received → imported → matched → agreed (statement exported and still current) → closed.
import type { ChannelStatus } from '../../../shared/contract/statement';
import { nextPeriod, previousPeriod, type Period } from '../../../shared/domain';
import { listChannels } from '../channels';
import { channelReport } from '../report';
import { isPeriodClosed } from '../resolve/periods';
import { listAudit } from '../workspace/audit';
import type { DB } from '../workspace/db';

/**
 * Every open channel and period whose match is behind its rows: never matched, or rows (either side)
 * imported into it after its last match run — the work an earlier run left undone as much as this
 * run's. A period's match also reads the month before and after (carried items, whether the next
 * bill is in), so rows imported into a neighbour count too. ">=": an import in the very millisecond
 * of a match run is matched again rather than missed.
 */
export function behindMatching(db: DB): Map<string, Set<string>> {
  const imported = db.prepare(`SELECT g.channel_id AS channel, g.period AS period, MAX(f.imported_at) AS at
    FROM record_ranges g JOIN source_files f ON f.id = g.file_id GROUP BY g.channel_id, g.period`).all() as { channel: string; period: string; at: string }[];
  const lastImport = new Map(imported.map((r) => [`${r.channel} ${r.period}`, r.at]));
  const lastRun = db.prepare('SELECT MAX(ran_at) FROM match_runs WHERE channel_id = ? AND period = ?').pluck();
  const behind = new Map<string, Set<string>>();
  for (const { channel, period } of imported) {
    const ran = lastRun.get(channel, period) as string | null;
    const near = [previousPeriod(period), period, nextPeriod(period)].map((p) => lastImport.get(`${channel} ${p}`) ?? '');
    if (ran !== null && near.every((at) => at < ran)) continue;
    if (isPeriodClosed(db, channel, period)) continue;
    const set = behind.get(channel) ?? new Set<string>();
    set.add(period);
    behind.set(channel, set);
  }
  return behind;
}

export function periodStatus(db: DB, period: Period): ChannelStatus[] {
  const filesStmt = db.prepare(`SELECT COUNT(DISTINCT g.file_id) AS files, COALESCE(SUM(g.records), 0) AS rows
    FROM record_ranges g WHERE g.channel_id = ? AND g.period = ? AND g.side = ?`);
  const behind = behindMatching(db);
  return listChannels(db).map((c) => {
    const ch = filesStmt.get(c.id, period, 'channel') as { files: number; rows: number };
    const internal = filesStmt.get(c.id, period, 'internal') as { files: number; rows: number };
    const report = channelReport(db, c, period);
    const matchedAt = report.matched_at ?? null;
    // Current exactly when the daily run would not match it again.
    const matchCurrent = matchedAt !== null && !behind.get(c.id)?.has(period);
    const exported = listAudit(db, { action: 'statement.export', channelId: c.id, period, limit: 1 })[0];
    const after = (exported?.after ?? null) as { agreed?: number; disputed?: number } | null;
    const statementCurrent = exported !== undefined && after?.agreed === report.agreed && after.disputed === report.disputed;
    let missing: ChannelStatus['missing'] = null;
    if (report.closed) {
      missing = null;
    } else if (ch.files === 0) {
      missing = c.manualDownload
        ? { zh: `未收到${c.name}账单：该渠道需要手工从网银或门户下载后导入`, en: `No ${c.name} bill yet: it must be downloaded by hand from the bank or portal and imported` }
        : { zh: `未收到${c.name}账单`, en: `No ${c.name} bill received yet` };
    } else if (internal.files === 0) {
      missing = { zh: '未导入本账期的我方订单', en: 'The in-house orders of this period are not imported' };
    } else if (!matchCurrent) {
      missing = { zh: '需要（重新）勾对', en: 'Needs a (new) match run' };
    } else if (report.open_differences > 0) {
      missing = { zh: `${report.open_differences} 笔差错待处理`, en: `${report.open_differences} differences to resolve` };
    } else if (!statementCurrent) {
      missing = { zh: '需要导出对账确认单', en: 'The statement needs exporting' };
    } else {
      missing = { zh: '可以结账', en: 'Ready to close' };
    }
    return {
      channelId: c.id, name: c.name, manualDownload: c.manualDownload, expected: true,
      filesReceived: ch.files, channelRows: ch.rows, internalRows: internal.rows,
      matchedAt, matchCurrent, openDifferences: report.open_differences, agreed: report.agreed,
      statementAt: exported?.at ?? null, statementCurrent, closed: report.closed, missing,
    };
  });
}
