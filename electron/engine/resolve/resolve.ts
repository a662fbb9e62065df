// A person's decisions on differences: resolve one, resolve a filtered set, undo, match by hand. Each is
// one write transaction with its audit entry (before/after), refused in a closed period, and marks the
// difference user-decided so that re-running the matcher never overrides it.
import type { BulkResolveResult, DifferenceQuery, ManualMatchResult } from '../../../shared/contract/match';
import type { DifferenceView } from '../../../shared/report';
import { formatMoney } from '../../../shared/money';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { differenceWhere, getDifference } from '../report';
import { appendAudit, currentOperator } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import type { UserResolution } from './effects';
import { assertPeriodOpen } from './periods';

export interface Decision {
  as: UserResolution;
  note: string;
  reason?: string;
}

const RESOLUTION_NAMES: Record<string, string> = {
  backfill: '补单', carry: '挂账', dispute: '争议', refund: '退款', writeoff: '核销', waive: '豁免', manual_match: '手工匹配', released: '自动释放',
};

function snapshot(d: DifferenceView) {
  return { id: d.id, category: d.category, status: d.status, resolution: d.resolution, reason: d.reason, note: d.note, resolvedBy: d.resolvedBy, differenceMinor: d.differenceMinor, channelNetMinor: d.channelNetMinor };
}

function assertActive(d: DifferenceView, active: boolean): void {
  if (!active) {
    throw new UserError('diff.inactive', `差错 #${d.id} 已不存在于最近一次勾对结果中（数据已变化），不能再处理。`, `Difference #${d.id} is no longer produced by the latest match run (the data changed); it cannot be resolved.`, { id: d.id });
  }
}

function isActive(db: DB, id: number): boolean {
  return (db.prepare('SELECT active FROM differences WHERE id = ?').get(id) as { active: number } | undefined)?.active === 1;
}

function assertNotManual(d: DifferenceView): void {
  if (d.resolution === 'manual_match') {
    throw new UserError('diff.manual_match', `差错 #${d.id} 已手工匹配（#${d.manualMatchId ?? ''}），请先撤销该匹配（undo ${d.id}）再改处理方式。`,
      `Difference #${d.id} is part of manual match #${d.manualMatchId ?? ''}; undo it first (undo ${d.id}) to resolve it another way.`, { id: d.id });
  }
}

const SET_RESOLVED = `UPDATE differences SET status = 'resolved', resolution = ?, reason = ?, note = ?, resolved_by = ?, resolved_at = ?, user_decided = 1,
  released_by_record_id = NULL, updated_at = ? WHERE id = ?`;

/** Resolves one difference (or changes how it was resolved). */
export function resolveDifference(db: DB, id: number, decision: Decision): DifferenceView {
  return writeTransaction(db, () => {
    const before = getDifference(db, id);
    assertPeriodOpen(db, before.channelId, before.period);
    assertActive(before, isActive(db, id));
    assertNotManual(before);
    const now = new Date().toISOString();
    db.prepare(SET_RESOLVED).run(decision.as, decision.reason ?? RESOLUTION_NAMES[decision.as] ?? decision.as, decision.note, currentOperator(db), now, now, id);
    const after = getDifference(db, id);
    appendAudit(db, { action: 'diff.resolve', channelId: after.channelId, period: after.period, subject: `diff ${id}`, before: snapshot(before), after: snapshot(after) });
    return after;
  });
}

export type BulkFilter = Omit<DifferenceQuery, 'sort' | 'direction' | 'offset' | 'limit' | 'status' | 'resolution'> & { ids?: number[] };

/** Resolves every open difference the filter selects, e.g. all channel_only at or under 5.00 as writeoff. */
export function bulkResolve(db: DB, filter: BulkFilter, decision: Decision): BulkResolveResult {
  return writeTransaction(db, () => {
    assertPeriodOpen(db, filter.channelId, filter.period);
    const { sql, args } = differenceWhere({ ...filter, status: 'open' });
    const rows = db.prepare(`SELECT d.id, d.difference_minor, d.channel_net_minor FROM differences d WHERE ${sql} ORDER BY d.id`).all(...args) as
      { id: number; difference_minor: number; channel_net_minor: number }[];
    const now = new Date().toISOString();
    const who = currentOperator(db);
    const set = db.prepare(SET_RESOLVED);
    let amount = 0;
    let net = 0;
    for (const r of rows) {
      set.run(decision.as, decision.reason ?? RESOLUTION_NAMES[decision.as] ?? decision.as, decision.note, who, now, now, r.id);
      amount += Math.abs(r.difference_minor);
      net += r.channel_net_minor;
    }
    const result = { count: rows.length, amountMinor: amount, channelNetMinor: net, ids: rows.map((r) => r.id) };
    appendAudit(db, { action: 'diff.bulk_resolve', channelId: filter.channelId, period: filter.period, subject: `${rows.length} differences`, before: { filter, status: 'open' }, after: { ...decision, ...result } });
    return result;
  });
}

/**
 * Returns a difference to open. The difference stays user-decided: a person looked at it and wants it
 * open, so the matcher will not waive or release it automatically again. Undoing one difference of a
 * manual match undoes the whole match.
 */
export function undoDifference(db: DB, id: number, note?: string): DifferenceView {
  return writeTransaction(db, () => {
    const before = getDifference(db, id);
    assertPeriodOpen(db, before.channelId, before.period);
    if (before.status === 'open') {
      throw new UserError('diff.not_resolved', `差错 #${id} 尚未处理，无可撤销。`, `Difference #${id} is not resolved; there is nothing to undo.`, { id });
    }
    const now = new Date().toISOString();
    const reopen = db.prepare(`UPDATE differences SET status = 'open', resolution = NULL, reason = NULL, note = ?, resolved_by = NULL, resolved_at = NULL, user_decided = 1,
      manual_match_id = NULL, released_by_record_id = NULL, updated_at = ? WHERE id = ?`);
    const ids = [id];
    if (before.manualMatchId != null) {
      const group = db.prepare('SELECT id, channel_id, period FROM differences WHERE manual_match_id = ?').all(before.manualMatchId) as { id: number; channel_id: string; period: string }[];
      for (const g of group) {
        assertPeriodOpen(db, g.channel_id, g.period);
        if (g.id !== id) ids.push(g.id);
      }
      db.prepare('UPDATE manual_matches SET active = 0 WHERE id = ?').run(before.manualMatchId);
    }
    for (const d of ids) reopen.run(note ?? null, now, d);
    const after = getDifference(db, id);
    appendAudit(db, { action: 'diff.undo', channelId: after.channelId, period: after.period, subject: `diff ${id}`, before: { ...snapshot(before), manualMatchId: before.manualMatchId ?? null, alsoReopened: ids.slice(1) }, after: snapshot(after) });
    return after;
  });
}

interface RecordFacts {
  id: number;
  side: 'channel' | 'internal';
  channel_id: string;
  currency: string;
  kind: 'payment' | 'refund';
  amount_minor: number;
}

/**
 * Links channel records and internal records a person says belong together (1:1, 1:n or n:1) and
 * resolves every difference they are in as manual_match. Each record must sit in an active difference
 * that is not already manually matched: a record the matcher agreed on is not free to match again.
 */
export function manualMatch(db: DB, input: { internalIds: number[]; channelIds: number[]; note: string; reason?: string }): ManualMatchResult {
  const internalIds = [...new Set(input.internalIds)];
  const channelIds = [...new Set(input.channelIds)];
  if (internalIds.length > 1 && channelIds.length > 1) {
    throw new UserError('manual.many_to_many', '手工匹配只支持一对一、一对多或多对一；请拆成几次匹配。', 'A manual match is one-to-one, one-to-many or many-to-one; split it into several matches.');
  }
  return writeTransaction(db, () => {
    const recordStmt = db.prepare('SELECT id, side, channel_id, currency, kind, amount_minor FROM records WHERE id = ?');
    const load = (id: number, side: 'channel' | 'internal'): RecordFacts => {
      const r = recordStmt.get(id) as RecordFacts | undefined;
      if (!r) throw new UserError('manual.no_record', `记录 #${id} 不存在。`, `Record #${id} does not exist.`, { id });
      if (r.side !== side) {
        throw new UserError('manual.wrong_side', `记录 #${id} 不是${side === 'channel' ? '渠道' : '内部'}记录。`, `Record #${id} is not a${side === 'channel' ? ' channel' : 'n internal'} record.`, { id });
      }
      return r;
    };
    const records = [...channelIds.map((id) => load(id, 'channel')), ...internalIds.map((id) => load(id, 'internal'))];
    const first = records[0]!;
    for (const r of records) {
      if (r.channel_id !== first.channel_id) throw new UserError('manual.mixed_channels', `记录 #${r.id} 属于渠道 ${r.channel_id}，与 #${first.id}（${first.channel_id}）不同。`, `Record #${r.id} belongs to channel ${r.channel_id}, not ${first.channel_id} like #${first.id}.`);
      if (r.currency !== first.currency) throw new UserError('manual.mixed_currency', `记录 #${r.id} 的币种 ${r.currency} 与 #${first.id} 的 ${first.currency} 不同，不能匹配。`, `Record #${r.id} is in ${r.currency}, #${first.id} in ${first.currency}; currencies are never matched together.`);
    }
    const diffOf = db.prepare(`SELECT d.id, d.channel_id, d.period, d.status, d.resolution FROM difference_records dr JOIN differences d ON d.id = dr.difference_id
      WHERE dr.record_id = ? AND d.active = 1`);
    const differenceIds = new Set<number>();
    for (const r of records) {
      const d = diffOf.get(r.id) as { id: number; channel_id: string; period: string; status: string; resolution: string | null } | undefined;
      if (!d) throw new UserError('manual.not_a_difference', `记录 #${r.id} 不在任何差错中（已自动勾对），不能手工匹配。`, `Record #${r.id} is not in any difference (it is already matched), so it cannot be matched by hand.`, { id: r.id });
      if (d.resolution === 'manual_match') throw new UserError('manual.already_matched', `记录 #${r.id} 已在手工匹配中（差错 #${d.id}），请先撤销。`, `Record #${r.id} is already manually matched (difference #${d.id}); undo that first.`, { id: r.id });
      assertPeriodOpen(db, d.channel_id, d.period);
      differenceIds.add(d.id);
    }
    const signed = (r: RecordFacts) => (r.kind === 'refund' ? -r.amount_minor : r.amount_minor);
    const channelAmount = records.filter((r) => r.side === 'channel').reduce((s, r) => s + signed(r), 0);
    const internalAmount = records.filter((r) => r.side === 'internal').reduce((s, r) => s + signed(r), 0);
    // A match that leaves more than the channel's tolerance unexplained needs the person's own reason.
    const tolerance = getChannel(db, first.channel_id).toleranceMinor;
    const beyondTolerance = Math.abs(channelAmount - internalAmount) > tolerance;
    if (beyondTolerance && (input.reason ?? '').trim() === '') {
      throw new UserError('manual.needs_reason',
        `手工匹配差额 ${formatMoney(channelAmount - internalAmount, first.currency)} 超出渠道容差 ${formatMoney(tolerance, first.currency)}，必须填写原因。`,
        `The manual match leaves ${formatMoney(channelAmount - internalAmount, first.currency)}, beyond the channel's tolerance of ${formatMoney(tolerance, first.currency)}; give a reason.`,
        { differenceMinor: channelAmount - internalAmount, toleranceMinor: tolerance });
    }
    const now = new Date().toISOString();
    const who = currentOperator(db);
    const id = Number(db.prepare(`INSERT INTO manual_matches (channel_id, channel_amount_minor, internal_amount_minor, difference_minor, reason, note, created_by, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(first.channel_id, channelAmount, internalAmount, channelAmount - internalAmount, input.reason ?? null, input.note, who, now).lastInsertRowid);
    const link = db.prepare('INSERT INTO manual_match_records (manual_match_id, record_id, side) VALUES (?, ?, ?)');
    for (const r of records) link.run(id, r.id, r.side);
    const before = [...differenceIds].map((d) => snapshot(getDifference(db, d)));
    const set = db.prepare(`UPDATE differences SET status = 'resolved', resolution = 'manual_match', reason = ?, note = ?, resolved_by = ?, resolved_at = ?, user_decided = 1,
      manual_match_id = ?, released_by_record_id = NULL, updated_at = ? WHERE id = ?`);
    for (const d of differenceIds) set.run(input.reason ?? RESOLUTION_NAMES.manual_match, input.note, who, now, id, now, d);
    const result = { id, channelAmountMinor: channelAmount, internalAmountMinor: internalAmount, differenceMinor: channelAmount - internalAmount, beyondTolerance, toleranceMinor: tolerance, differenceIds: [...differenceIds].sort((a, b) => a - b) };
    appendAudit(db, { action: 'match.manual', channelId: first.channel_id, subject: `manual match ${id}`, before, after: { ...result, channelIds, internalIds, note: input.note } });
    return result;
  });
}
