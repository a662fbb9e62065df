// The receivables overview: every exported or closed agreed statement as a receivable, the incoming
// bank rows allocated to them (allocate.ts), status and days outstanding as of a day, totals and aging
// per channel, the unidentified receipts (待认领), the rows people assigned and the differences of this
// stage. Read only: receivables are derived from the audit log and closed periods every time.
import {
  AGING_BUCKETS, UNCLAIMED_SHOWN, type AgingBucket, type AgingRow, type AssignedReceipt, type ChannelReceivableTotals, type ReceivablesOverview, type ReceivableStatus,
  type ReceivableView, type UnclaimedReceipt,
} from '../../../shared/contract/receivables';
import { zoneOffsetMs } from '../../../shared/time';
import { listChannels } from '../channels';
import { allBreaks, bankRowViews } from '../bank/continuity';
import { getSetting, type DB } from '../workspace/db';
import { allocateReceipts, type AssignmentInput, type ChannelInput, type ReceiptInput, type ReceivableInput, type ResolutionInput } from './allocate';
import { addDays, daysBetween, expectedDate } from './rules';
import { listReceiptSettings } from './settings';

const DAY_MS = 86_400_000;

/**
 * YYYY-MM-DD of instants in a zone. The zone's offset is looked up at both ends of each UTC day; when
 * they agree (every day but a daylight-saving change) it holds for the whole day, so a year of rows
 * costs a few hundred offset lookups instead of one per row.
 */
export function dayFormatter(timeZone: string): (instant: number) => string {
  const days = new Map<number, number | null>();
  const names = new Map<number, string>();
  return (instant) => {
    const utcDay = Math.floor(instant / DAY_MS);
    let offset = days.get(utcDay);
    if (offset === undefined) {
      const start = zoneOffsetMs(timeZone, utcDay * DAY_MS);
      offset = start === zoneOffsetMs(timeZone, (utcDay + 1) * DAY_MS - 1) ? start : null;
      days.set(utcDay, offset);
    }
    const localDay = Math.floor((instant + (offset ?? zoneOffsetMs(timeZone, instant))) / DAY_MS);
    let text = names.get(localDay);
    if (text === undefined) {
      text = new Date(localDay * DAY_MS).toISOString().slice(0, 10);
      names.set(localDay, text);
    }
    return text;
  };
}

export function workspaceZone(db: DB): string {
  return getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
}

export function today(db: DB): string {
  return dayFormatter(workspaceZone(db))(Date.now());
}

/** A statement number, when the statement export recorded one. */
function statementNumber(after: Record<string, unknown>): string | null {
  const n = after.statementNo ?? after.statementNumber;
  return typeof n === 'string' && n !== '' ? n : null;
}

/**
 * One receivable per channel and period with an exported or closed statement whose agreed amount is
 * positive: the amount of the latest export or close, issued on the day of the first one.
 */
export function loadReceivables(db: DB): ReceivableInput[] {
  const day = dayFormatter(workspaceZone(db));
  const currency = new Map(listChannels(db).map((c) => [c.id, c.currency]));
  const events: { channelId: string; period: string; at: string; agreed: number; statementNo: string | null; source: 'export' | 'close' }[] = [];
  for (const r of db.prepare(`SELECT channel_id, period, at, after FROM audit_log WHERE action = 'statement.export' AND channel_id IS NOT NULL AND period IS NOT NULL ORDER BY id`).all() as { channel_id: string; period: string; at: string; after: string }[]) {
    const after = JSON.parse(r.after) as Record<string, unknown>;
    if (typeof after.agreed !== 'number') continue;
    events.push({ channelId: r.channel_id, period: r.period, at: r.at, agreed: after.agreed, statementNo: statementNumber(after), source: 'export' });
  }
  for (const r of db.prepare('SELECT channel_id, period, closed_at, figures FROM closed_periods').all() as { channel_id: string; period: string; closed_at: string; figures: string | null }[]) {
    const figures = r.figures ? JSON.parse(r.figures) as { agreed?: number } | null : null;
    if (typeof figures?.agreed !== 'number') continue;
    events.push({ channelId: r.channel_id, period: r.period, at: r.closed_at, agreed: figures.agreed, statementNo: null, source: 'close' });
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  const byKey = new Map<string, ReceivableInput & { firstAt: string }>();
  for (const e of events) {
    const k = `${e.channelId}:${e.period}`;
    const prior = byKey.get(k);
    byKey.set(k, {
      channelId: e.channelId, period: e.period, currency: currency.get(e.channelId) ?? 'CNY',
      agreedMinor: e.agreed, statementNo: e.statementNo ?? prior?.statementNo ?? null,
      firstAt: prior?.firstAt ?? e.at, issuedOn: prior?.issuedOn ?? day(Date.parse(e.at)),
    });
  }
  return [...byKey.values()].filter((r) => r.agreedMinor > 0).map(({ firstAt: _, ...r }) => r);
}

function loadReceipts(db: DB, asOf: string): ReceiptInput[] {
  const day = dayFormatter(workspaceZone(db));
  const rows = db.prepare(`SELECT r.id, r.occurred_at, r.amount_minor, r.counterparty_name, r.counterparty_account, r.remark, a.currency
    FROM bank_rows r JOIN bank_accounts a ON a.id = r.account_id WHERE r.direction = 'in'`).raw().all() as [number, number, number, string | null, string | null, string | null, string][];
  const out: ReceiptInput[] = [];
  for (const [id, occurredAt, amountMinor, counterpartyName, counterpartyAccount, remark, currency] of rows) {
    const d = day(occurredAt);
    if (d > asOf) continue;
    out.push({ id, day: d, occurredAt, amountMinor, currency, counterpartyName, counterpartyAccount, remark });
  }
  return out;
}

function loadAssignments(db: DB): Map<number, AssignmentInput & { note: string | null; assignedBy: string; assignedAt: string }> {
  const rows = db.prepare('SELECT bank_row_id, kind, channel_id, period, note, assigned_by, assigned_at FROM receipt_assignments').all() as
    { bank_row_id: number; kind: 'receivable' | 'not_settlement'; channel_id: string | null; period: string | null; note: string | null; assigned_by: string; assigned_at: string }[];
  return new Map(rows.map((r) => [r.bank_row_id, { kind: r.kind, channelId: r.channel_id, period: r.period, note: r.note, assignedBy: r.assigned_by, assignedAt: r.assigned_at }]));
}

function loadResolutions(db: DB): Map<string, ResolutionInput> {
  const rows = db.prepare('SELECT difference_key, action, note, resolved_by, resolved_at FROM receipt_resolutions').all() as
    { difference_key: string; action: ResolutionInput['action']; note: string | null; resolved_by: string; resolved_at: string }[];
  return new Map(rows.map((r) => [r.difference_key, { action: r.action, note: r.note, resolvedBy: r.resolved_by, resolvedAt: r.resolved_at }]));
}

export function agingBucket(days: number): AgingBucket {
  return days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '>90';
}

export function receivablesOverview(db: DB, q: { channelId?: string; asOf?: string } = {}): ReceivablesOverview {
  return receivablesState(db, q).overview;
}

/** The overview, and the ids of every unidentified receipt (the overview lists only the oldest). */
export function receivablesState(db: DB, q: { channelId?: string; asOf?: string } = {}): { overview: ReceivablesOverview; unclaimedIds: number[] } {
  const asOf = q.asOf ?? today(db);
  const channelList = listChannels(db);
  const names = new Map(channelList.map((c) => [c.id, c.name]));
  const settings = new Map(listReceiptSettings(db).map((s) => [s.channelId, s]));
  const channels = new Map<string, ChannelInput>(channelList.map((c) => [c.id, { id: c.id, toleranceMinor: c.toleranceMinor, settings: settings.get(c.id)! }]));
  const assignments = loadAssignments(db);
  const result = allocateReceipts({
    receivables: loadReceivables(db).filter((r) => r.issuedOn <= asOf),
    receipts: loadReceipts(db, asOf),
    channels,
    assignments,
    resolutions: loadResolutions(db),
  });
  const wanted = (channelId: string | null) => q.channelId === undefined || channelId === q.channelId;

  const receivables: ReceivableView[] = result.receivables.filter((r) => wanted(r.channelId)).map((r) => {
    const s = settings.get(r.channelId)!;
    const expectedOn = expectedDate(s.rule, r.period, r.issuedOn);
    const outstandingMinor = r.agreedMinor - r.receivedMinor - r.chargeMinor - r.waivedMinor;
    const dueBy = addDays(expectedOn, s.graceDays);
    let status: ReceivableStatus;
    if (outstandingMinor < 0) status = 'overpaid';
    else if (outstandingMinor === 0) status = 'paid';
    else if (asOf > dueBy) status = 'overdue';
    else status = r.receivedMinor > 0 ? 'partial' : 'unpaid';
    return {
      key: r.key, channelId: r.channelId, channelName: names.get(r.channelId) ?? r.channelId, period: r.period, statementNo: r.statementNo, currency: r.currency,
      agreedMinor: r.agreedMinor, receivedMinor: r.receivedMinor, chargeMinor: r.chargeMinor, outstandingMinor, status, issuedOn: r.issuedOn, expectedOn,
      daysOutstanding: outstandingMinor > 0 ? daysBetween(r.issuedOn, asOf) : null,
      daysOverdue: status === 'overdue' ? daysBetween(dueBy, asOf) : 0,
      paidOn: outstandingMinor <= 0 ? r.paidOn : null,
      allocations: r.allocations,
    };
  });

  const totals = new Map<string, ChannelReceivableTotals>();
  const aging = new Map<string, AgingRow>();
  for (const r of receivables) {
    const k = `${r.channelId}:${r.currency}`;
    const t = totals.get(k) ?? { channelId: r.channelId, channelName: r.channelName, currency: r.currency, expectedMinor: 0, receivedMinor: 0, outstandingMinor: 0, overdueMinor: 0 };
    t.expectedMinor += r.agreedMinor;
    t.receivedMinor += r.receivedMinor;
    t.outstandingMinor += Math.max(r.outstandingMinor, 0);
    if (r.status === 'overdue') t.overdueMinor += r.outstandingMinor;
    totals.set(k, t);
    if (r.outstandingMinor > 0) {
      const a = aging.get(k) ?? { channelId: r.channelId, currency: r.currency, buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number> };
      a.buckets[agingBucket(r.daysOutstanding!)] += r.outstandingMinor;
      aging.set(k, a);
    }
  }

  const unclaimedIds = q.channelId === undefined ? result.unclaimed.slice(0, UNCLAIMED_SHOWN).map((u) => u.id) : [];
  const assignedIds = [...assignments.entries()].filter(([, a]) => wanted(a.channelId)).map(([id]) => id);
  const rows = bankRowViews(db, [...unclaimedIds, ...assignedIds]);
  const unclaimed: UnclaimedReceipt[] = result.unclaimed.filter((u) => rows.has(u.id)).map((u) => {
    const { accountNo, currency, ...row } = rows.get(u.id)!;
    return { row, accountNo, currency, reason: u.reason };
  });
  const assigned: AssignedReceipt[] = assignedIds.filter((id) => rows.has(id)).map((id) => {
    const a = assignments.get(id)!;
    const { accountNo: _a, currency: _c, ...row } = rows.get(id)!;
    return { row, kind: a.kind, channelId: a.channelId, period: a.period, note: a.note, assignedBy: a.assignedBy, assignedAt: a.assignedAt };
  });
  const overview: ReceivablesOverview = {
    asOf,
    timeZone: workspaceZone(db),
    receivables,
    totals: [...totals.values()],
    aging: [...aging.values()],
    unclaimed,
    unclaimedCount: q.channelId === undefined ? result.unclaimed.length : 0,
    assigned,
    differences: result.differences.filter((d) => wanted(d.channelId)),
    continuity: allBreaks(db),
  };
  return { overview, unclaimedIds: result.unclaimed.map((u) => u.id) };
}
