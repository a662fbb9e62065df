// The figures of a channel and period (domain.md 'Tolerance and the agreed amount') and windows of its
// differences. Everything is read from what the matcher and the user stored: records, matches,
// differences. Nothing here changes the workspace.
import type { Category } from '../../../shared/domain';
import type { CategoryCounts, ChannelPeriodReport, DifferenceRecord, DifferenceView, PeriodReport } from '../../../shared/report';
import type { DifferenceQuery, DifferenceTotals } from '../../../shared/contract/match';
import type { ChannelSettings } from '../../../shared/domain';
import { getChannel, listChannels } from '../channels';
import { UserError } from '../errors';
import { ACCEPTING_RESOLUTIONS, CLAIM_KEEPING_RESOLUTIONS } from '../resolve/effects';
import { isPeriodClosed } from '../resolve/periods';
import type { DB } from '../workspace/db';
import { periodRecords } from '../workspace/record-ranges';

export type { DifferenceQuery, DifferenceTotals };

const NET = "CASE WHEN r.kind = 'payment' THEN r.amount_minor - r.fee_minor ELSE r.fee_minor - r.amount_minor END";
const IN_ACTIVE_DIFFERENCE = 'EXISTS (SELECT 1 FROM difference_records dr JOIN differences d ON d.id = dr.difference_id WHERE dr.record_id = r.id AND d.active = 1)';

/** Figures of a channel's period rows; the matcher passes the ones it has just computed (see channelReport). */
export interface RowFigures {
  payment_rows: number | null;
  refund_rows: number | null;
  gross: number | null;
  refunds: number | null;
  fees: number | null;
  /** matched payments */
  matched: number | null;
  /** Σ net of matched payments and agreeing refunds */
  matched_net: number | null;
  /** rows neither matched nor in an active difference (imported after the last run) */
  unmatched_rows: number | null;
  unmatched_net: number | null;
}

interface DifferenceGroup {
  category: Category;
  status: 'open' | 'resolved';
  resolution: string | null;
  n: number;
  net: number;
  internal: number;
  size: number;
}

function emptyCounts(): CategoryCounts {
  return { matched: 0, amount_mismatch: 0, waived: 0, channel_only: 0, internal_only: 0, carried_forward: 0, refund_mismatch: 0, duplicate: 0 };
}

/**
 * One pass over the period's channel rows, each with its match (a rowid lookup). The per-row work is kept
 * to a few cheap sums over all rows (integer arithmetic on them gives the payment/refund split); only the
 * unmatched rows (a few percent) evaluate the net and the difference lookup. About half the CPU of
 * summing every figure with its own CASE over the million rows of the bench.
 */
function readRowFigures(db: DB, channelId: string, period: string): RowFigures {
  const r = db.prepare(`
    SELECT
      COUNT(*) AS n,
      SUM(r.kind = 'refund') AS refund_rows,
      SUM(r.amount_minor) AS amount,
      SUM(r.fee_minor) AS fee,
      SUM(iif(r.kind = 'refund', r.amount_minor, 0)) AS refund_amount,
      SUM(iif(r.kind = 'refund', r.fee_minor, 0)) AS refund_fee,
      SUM(CASE WHEN m.channel_record_id IS NULL THEN r.kind = 'payment' END) AS unmatched_payments,
      SUM(CASE WHEN m.channel_record_id IS NULL THEN ${NET} END) AS unmatched_all_net,
      SUM(CASE WHEN m.channel_record_id IS NULL AND NOT ${IN_ACTIVE_DIFFERENCE} THEN 1 ELSE 0 END) AS unmatched_rows,
      SUM(CASE WHEN m.channel_record_id IS NULL AND NOT ${IN_ACTIVE_DIFFERENCE} THEN ${NET} ELSE 0 END) AS unmatched_net
    FROM ${periodRecords('r')} LEFT JOIN matches m ON m.channel_record_id = r.id
    WHERE r_range.channel_id = ? AND r_range.period = ? AND r_range.side = 'channel'`).get(channelId, period) as {
    n: number; refund_rows: number | null; amount: number | null; fee: number | null; refund_amount: number | null; refund_fee: number | null;
    unmatched_payments: number | null; unmatched_all_net: number | null; unmatched_rows: number | null; unmatched_net: number | null;
  };
  // No rows: every figure is NULL, as the sums themselves would be (channelReport reads them as 0).
  if (r.n === 0) {
    return { payment_rows: null, refund_rows: null, gross: null, refunds: null, fees: null, matched: null, matched_net: null, unmatched_rows: null, unmatched_net: null };
  }
  const refundAmount = r.refund_amount!;
  const refundFee = r.refund_fee!;
  const gross = r.amount! - refundAmount;
  // Σ payment fees − Σ returned refund fees
  const fees = r.fee! - 2 * refundFee;
  const paymentRows = r.n - r.refund_rows!;
  return {
    payment_rows: paymentRows,
    refund_rows: r.refund_rows,
    gross,
    refunds: refundAmount,
    fees,
    matched: paymentRows - (r.unmatched_payments ?? 0),
    matched_net: gross - refundAmount - fees - (r.unmatched_all_net ?? 0),
    unmatched_rows: r.unmatched_rows,
    unmatched_net: r.unmatched_net,
  };
}

/**
 * Row figures a match run computed, valid as long as the workspace is exactly as that run's commit left
 * it: no row changed through this connection since (total_changes()) and no other connection committed
 * (data_version). The report right after a run then skips the million-row pass and is still exactly
 * what the pass would read (the run's own report asserts agreed + disputed = net on the same figures).
 */
interface RememberedFigures {
  dataVersion: number;
  totalChanges: number;
  figures: Map<string, RowFigures>;
}
const remembered = new WeakMap<DB, RememberedFigures>();

function changeToken(db: DB): { dataVersion: number; totalChanges: number } {
  return {
    dataVersion: db.pragma('data_version', { simple: true }) as number,
    totalChanges: db.prepare('SELECT total_changes()').pluck().get() as number,
  };
}

/**
 * Called by the matcher right after its transaction committed (never inside an outer transaction, which
 * could still roll back without total_changes() noticing), with the figures of every channel it ran.
 */
export function rememberRowFigures(db: DB, period: string, figures: ReadonlyMap<string, RowFigures>): void {
  if (db.inTransaction) return;
  const byKey = new Map<string, RowFigures>();
  for (const [channelId, f] of figures) byKey.set(`${channelId}\u0000${period}`, f);
  remembered.set(db, { ...changeToken(db), figures: byKey });
}

function rowFigures(db: DB, channelId: string, period: string): RowFigures {
  const memo = remembered.get(db);
  if (memo !== undefined) {
    const token = changeToken(db);
    if (token.dataVersion === memo.dataVersion && token.totalChanges === memo.totalChanges) {
      const f = memo.figures.get(`${channelId}\u0000${period}`);
      if (f !== undefined) return f;
    } else {
      remembered.delete(db);
    }
  }
  return readRowFigures(db, channelId, period);
}

/**
 * The report of one channel and period; throws an internal error if agreed + disputed ≠ net. `rows`:
 * the period rows' figures when the caller already has them — the matcher, in the transaction that
 * wrote the matches, where every period row is matched or in a difference — instead of reading them
 * again (a million-row join).
 */
export function channelReport(db: DB, channel: ChannelSettings, period: string, rows?: RowFigures): ChannelPeriodReport {
  const f = rows ?? rowFigures(db, channel.id, period);

  const groups = db.prepare(`
    SELECT category, status, resolution, COUNT(*) AS n, SUM(channel_net_minor) AS net, SUM(internal_amount_minor) AS internal, SUM(ABS(difference_minor)) AS size
    FROM differences WHERE channel_id = ? AND period = ? AND active = 1
    GROUP BY category, status, resolution`).all(channel.id, period) as DifferenceGroup[];

  const counts = emptyCounts();
  counts.matched = f.matched ?? 0;
  let agreed = f.matched_net ?? 0;
  let disputed = f.unmatched_net ?? 0;
  let claims = 0;
  let waivedTotal = 0;
  let waivedCount = 0;
  let open = 0;
  for (const g of groups) {
    counts[g.category] += g.n;
    const resolution = g.status === 'resolved' ? g.resolution : null;
    if (resolution !== null && (ACCEPTING_RESOLUTIONS as readonly string[]).includes(resolution)) agreed += g.net;
    else disputed += g.net;
    if (g.category === 'internal_only' && (resolution === null || (CLAIM_KEEPING_RESOLUTIONS as readonly string[]).includes(resolution))) claims += g.internal;
    if (resolution === 'waive') {
      waivedTotal += g.size;
      waivedCount += g.n;
      if (g.category === 'amount_mismatch') counts.waived += g.n;
    }
    if (g.status === 'open') open += g.n;
  }
  const gross = f.gross ?? 0;
  const refunds = f.refunds ?? 0;
  const fees = f.fees ?? 0;
  const net = gross - refunds - fees;
  if (agreed + disputed !== net) {
    // A channel row counted twice or not at all: a bug, never something to print as a statement.
    throw new Error(`agreed (${agreed}) + disputed (${disputed}) ≠ net (${net}) for ${channel.id} ${period}`);
  }
  const lastRun = db.prepare('SELECT ran_at FROM match_runs WHERE channel_id = ? AND period = ? ORDER BY id DESC LIMIT 1').get(channel.id, period) as { ran_at: string } | undefined;
  return {
    channel: channel.id,
    currency: channel.currency,
    payment_rows: f.payment_rows ?? 0,
    refund_rows: f.refund_rows ?? 0,
    gross,
    refunds,
    fees,
    net,
    agreed,
    disputed,
    claims,
    counts,
    waived_total: waivedTotal,
    waived_count: waivedCount,
    open_differences: open,
    closed: isPeriodClosed(db, channel.id, period),
    unmatched_rows: f.unmatched_rows ?? 0,
    matched_at: lastRun?.ran_at ?? null,
  };
}

/** Channels that have anything in the period: records on either side or differences. */
export function channelsWithActivity(db: DB, period: string): ChannelSettings[] {
  const hasRecords = db.prepare('SELECT 1 FROM record_ranges WHERE channel_id = ? AND period = ? LIMIT 1');
  const hasDifferences = db.prepare('SELECT 1 FROM differences WHERE channel_id = ? AND period = ? AND active = 1 LIMIT 1');
  return listChannels(db).filter((c) => hasRecords.get(c.id, period) !== undefined || hasDifferences.get(c.id, period) !== undefined);
}

export function computeReport(db: DB, q: { period: string; channelId?: string }): PeriodReport {
  const channels = q.channelId !== undefined ? [getChannel(db, q.channelId)] : channelsWithActivity(db, q.period);
  return { period: q.period, channels: channels.map((c) => channelReport(db, c, q.period)) };
}

// ---- differences -------------------------------------------------------------------------------

interface DifferenceRow {
  id: number;
  channel_id: string;
  period: string;
  category: Exclude<Category, 'matched'>;
  status: 'open' | 'resolved';
  resolution: DifferenceView['resolution'];
  reason: string | null;
  note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  order_id: string | null;
  currency: string;
  channel_amount_minor: number;
  internal_amount_minor: number;
  difference_minor: number;
  channel_net_minor: number;
  released_by_record_id: number | null;
  manual_match_id: number | null;
}

interface RecordRow {
  difference_id: number;
  id: number;
  side: 'channel' | 'internal';
  kind: 'payment' | 'refund';
  order_id: string | null;
  channel_txn_id: string | null;
  refund_id: string | null;
  amount_minor: number;
  fee_minor: number;
  refunded_minor: number | null;
  status: string | null;
  occurred_at: number;
  period: string;
  file_name: string;
  row_number: number;
}

const SORT_SQL: Record<NonNullable<DifferenceQuery['sort']>, string> = {
  occurredAt: 'd.occurred_at',
  amount: 'MAX(d.channel_amount_minor, d.internal_amount_minor)',
  difference: 'ABS(d.difference_minor)',
  id: 'd.id',
};

function likePattern(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

type DifferenceFilter = Omit<DifferenceQuery, 'sort' | 'direction' | 'offset' | 'limit'> & { ids?: number[] };

/** WHERE clause shared by the list, the count and bulk resolution, so all three see the same rows. */
export function differenceWhere(q: DifferenceFilter): { sql: string; args: (string | number)[] } {
  const where = ['d.channel_id = ?', 'd.period = ?', 'd.active = 1'];
  const args: (string | number)[] = [q.channelId, q.period];
  if (q.category !== undefined) { where.push('d.category = ?'); args.push(q.category); }
  if (q.status !== undefined) { where.push('d.status = ?'); args.push(q.status); }
  if (q.resolution !== undefined) { where.push('d.resolution = ?'); args.push(q.resolution); }
  if (q.minAmount !== undefined) { where.push('ABS(d.difference_minor) >= ?'); args.push(q.minAmount); }
  if (q.maxAmount !== undefined) { where.push('ABS(d.difference_minor) <= ?'); args.push(q.maxAmount); }
  if (q.occurredFrom !== undefined) { where.push('d.occurred_at >= ?'); args.push(q.occurredFrom); }
  if (q.occurredTo !== undefined) { where.push('d.occurred_at <= ?'); args.push(q.occurredTo); }
  if (q.text !== undefined && q.text.trim() !== '') {
    const p = likePattern(q.text.trim());
    where.push(`(d.order_id LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM difference_records x JOIN records xr ON xr.id = x.record_id
      WHERE x.difference_id = d.id AND (xr.channel_txn_id LIKE ? ESCAPE '\\' OR xr.refund_id LIKE ? ESCAPE '\\')))`);
    args.push(p, p, p);
  }
  if (q.ids !== undefined) {
    where.push(`d.id IN (SELECT value FROM json_each(?))`);
    args.push(JSON.stringify(q.ids));
  }
  return { sql: where.join(' AND '), args };
}

function toView(d: DifferenceRow, records: RecordRow[]): DifferenceView {
  const toRecord = (r: RecordRow): DifferenceRecord => ({
    id: r.id, side: r.side, kind: r.kind, orderId: r.order_id, channelTxnId: r.channel_txn_id, refundId: r.refund_id,
    amountMinor: r.amount_minor, feeMinor: r.fee_minor, refundedMinor: r.refunded_minor, status: r.status,
    occurredAt: r.occurred_at, period: r.period, fileName: r.file_name, rowNumber: r.row_number,
  });
  return {
    id: d.id,
    channelId: d.channel_id,
    period: d.period,
    category: d.category,
    status: d.status,
    resolution: d.resolution,
    reason: d.reason,
    note: d.note,
    resolvedBy: d.resolved_by,
    resolvedAt: d.resolved_at,
    orderId: d.order_id,
    channelAmountMinor: d.channel_amount_minor,
    internalAmountMinor: d.internal_amount_minor,
    differenceMinor: d.difference_minor,
    channelNetMinor: d.channel_net_minor,
    channel: records.filter((r) => r.side === 'channel').map(toRecord),
    internal: records.filter((r) => r.side === 'internal').map(toRecord),
    currency: d.currency,
    releasedByRecordId: d.released_by_record_id,
    manualMatchId: d.manual_match_id,
  };
}

const DIFFERENCE_COLUMNS = `d.id, d.channel_id, d.period, d.category, d.status, d.resolution, d.reason, d.note, d.resolved_by, d.resolved_at, d.order_id,
  d.currency, d.channel_amount_minor, d.internal_amount_minor, d.difference_minor, d.channel_net_minor, d.released_by_record_id, d.manual_match_id`;

function withRecords(db: DB, rows: DifferenceRow[]): DifferenceView[] {
  if (rows.length === 0) return [];
  const records = db.prepare(`
    SELECT dr.difference_id, r.id, r.side, r.kind, r.order_id, r.channel_txn_id, r.refund_id, r.amount_minor, r.fee_minor, r.refunded_minor,
           r.status, r.occurred_at, r.period, f.file_name, r.row_number
    FROM difference_records dr JOIN records r ON r.id = dr.record_id JOIN source_files f ON f.id = r.file_id
    WHERE dr.difference_id IN (SELECT value FROM json_each(?))
    ORDER BY r.occurred_at, r.id`).all(JSON.stringify(rows.map((r) => r.id))) as RecordRow[];
  const byDifference = new Map<number, RecordRow[]>();
  for (const r of records) {
    const list = byDifference.get(r.difference_id);
    if (list) list.push(r);
    else byDifference.set(r.difference_id, [r]);
  }
  return rows.map((d) => toView(d, byDifference.get(d.id) ?? []));
}

/** One window of differences with both sides' records, filtered and sorted in SQL (default: by time). */
export function listDifferences(db: DB, q: DifferenceQuery): DifferenceView[] {
  const { sql, args } = differenceWhere(q);
  const order = `${SORT_SQL[q.sort ?? 'occurredAt']} ${q.direction === 'desc' ? 'DESC' : 'ASC'}, d.id ${q.direction === 'desc' ? 'DESC' : 'ASC'}`;
  const rows = db.prepare(`SELECT ${DIFFERENCE_COLUMNS} FROM differences d WHERE ${sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...args, q.limit ?? 100, q.offset ?? 0) as DifferenceRow[];
  return withRecords(db, rows);
}

export function countDifferences(db: DB, q: DifferenceFilter): DifferenceTotals {
  const { sql, args } = differenceWhere(q);
  const r = db.prepare(`SELECT COUNT(*) AS count, SUM(ABS(d.difference_minor)) AS amount, SUM(d.channel_net_minor) AS net FROM differences d WHERE ${sql}`)
    .get(...args) as { count: number; amount: number | null; net: number | null };
  return { count: r.count, amountMinor: r.amount ?? 0, channelNetMinor: r.net ?? 0 };
}

export function findDifference(db: DB, id: number): DifferenceView | undefined {
  const row = db.prepare(`SELECT ${DIFFERENCE_COLUMNS} FROM differences d WHERE d.id = ?`).get(id) as DifferenceRow | undefined;
  return row ? withRecords(db, [row])[0] : undefined;
}

export function getDifference(db: DB, id: number): DifferenceView {
  const d = findDifference(db, id);
  if (!d) throw new UserError('diff.not_found', `差错 #${id} 不存在。`, `Difference #${id} does not exist.`, { id });
  return d;
}
