// Screening a period (交易风控): the rules a finance or risk lead switched on, run over one channel's
// payments of one period, their hits stored for review (审核). Deterministic (same data, same
// settings, same hits), audited, and a person's decision is never recomputed away: a re-screen
// updates the hits it finds again, marks the ones it no longer finds inactive, and keeps every
// decision.
import type { BacktestResult, RiskHitRecord, RiskHitStatus, RiskHitView, RiskRuleView, ScreenResult } from '../../../shared/contract/risk';
import { DEFAULT_RULE_PARAMS, RISK_RULES, type RiskIdentifier, type RiskRule, type RiskRuleParams } from '../../../shared/risk';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { channelsWithActivity } from '../report';
import { assertPeriodOpen, closedPeriod } from '../resolve/periods';
import { appendAudit, currentOperator } from '../workspace/audit';
import { getSetting, writeTransaction, type DB } from '../workspace/db';
import { screenedRecords } from './attributes';
import { addBlacklistEntries, blacklistEntries } from './blacklist';
import { screenRecords, type RuleHit, type RuleSet, type ScreenedRecord } from './rules';

interface RuleRow {
  rule: RiskRule;
  channel_id: string | null;
  enabled: number;
  params: string;
}

/** Each rule as it applies to a channel (or, without one, to every channel). */
export function ruleSettings(db: DB, channelId?: string): RiskRuleView[] {
  const rows = db.prepare('SELECT rule, channel_id, enabled, params FROM risk_rules').all() as RuleRow[];
  return RISK_RULES.map((rule) => {
    const own = channelId ? rows.find((r) => r.rule === rule && r.channel_id === channelId) : undefined;
    const all = rows.find((r) => r.rule === rule && r.channel_id === null);
    const row = own ?? all;
    if (!row) return { rule, channelId: null, enabled: true, params: { ...DEFAULT_RULE_PARAMS[rule] }, builtin: true };
    return { rule, channelId: row.channel_id, enabled: row.enabled === 1, params: { ...DEFAULT_RULE_PARAMS[rule], ...(JSON.parse(row.params) as RiskRuleParams) }, builtin: false };
  });
}

export function setRule(db: DB, input: { rule: RiskRule; channelId: string | null; enabled: boolean; params?: RiskRuleParams | undefined }): RiskRuleView {
  if (input.channelId !== null) getChannel(db, input.channelId);
  return writeTransaction(db, () => {
    const before = ruleSettings(db, input.channelId ?? undefined).find((r) => r.rule === input.rule)!;
    const params = { ...DEFAULT_RULE_PARAMS[input.rule], ...before.params, ...(input.params ?? {}) };
    db.prepare(`INSERT INTO risk_rules (rule, channel_id, enabled, params, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (rule, ifnull(channel_id, '')) DO UPDATE SET enabled = excluded.enabled, params = excluded.params, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
      .run(input.rule, input.channelId, input.enabled ? 1 : 0, JSON.stringify(params), new Date().toISOString(), currentOperator(db));
    const after = ruleSettings(db, input.channelId ?? undefined).find((r) => r.rule === input.rule)!;
    appendAudit(db, { action: 'risk.rule', channelId: input.channelId, subject: input.rule, before: { enabled: before.enabled, params: before.params }, after: { enabled: after.enabled, params: after.params } });
    return after;
  });
}

function ruleSet(db: DB, channelId: string): RuleSet {
  return new Map(ruleSettings(db, channelId).filter((r) => r.enabled).map((r) => [r.rule, r.params]));
}

function zoneOf(db: DB): string {
  return getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
}

/** The identifiers of a hit's first record, kept with the hit so confirming it can blacklist them. */
function identifiersOf(hit: RuleHit, records: ReadonlyMap<number, ScreenedRecord>): Partial<Record<RiskIdentifier, string>> {
  const r = records.get(hit.recordIds[hit.recordIds.length - 1]!);
  if (!r) return {};
  const ids: Partial<Record<RiskIdentifier, string>> = {};
  if (r.card) ids.card = r.card;
  if (r.account) ids.account = r.account;
  if (r.payIp ?? r.orderIp) ids.ip = (r.payIp ?? r.orderIp)!;
  if (r.device) ids.device = r.device;
  if (r.user) ids.user = r.user;
  return ids;
}

/** Screens the period of one channel, or of every channel with records in it. */
export function screenPeriod(db: DB, q: { period: string; channelId?: string | undefined }): ScreenResult {
  const channels = q.channelId ? [getChannel(db, q.channelId)] : channelsWithActivity(db, q.period);
  const zone = zoneOf(db);
  const blacklist = blacklistEntries(db);
  const result: ScreenResult = { period: q.period, channels: [] };
  for (const channel of channels) {
    // A closed period's hits and decisions are part of what was closed.
    if (closedPeriod(db, channel.id, q.period)) {
      if (q.channelId) assertPeriodOpen(db, channel.id, q.period);
      continue;
    }
    const records = screenedRecords(db, channel.id, q.period, zone);
    const hits = screenRecords(records, ruleSet(db, channel.id), blacklist);
    const byId = new Map(records.map((r) => [r.recordId, r]));
    const now = new Date().toISOString();
    let newHits = 0;
    writeTransaction(db, () => {
      db.prepare('UPDATE risk_hits SET active = 0 WHERE channel_id = ? AND period = ?').run(channel.id, q.period);
      const upsert = db.prepare(`INSERT INTO risk_hits (rule, channel_id, period, hit_key, subject_zh, subject_en, record_ids, amount_minor, detail, active, status, first_found_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'open', ?)
        ON CONFLICT (channel_id, period, hit_key) DO UPDATE SET active = 1, subject_zh = excluded.subject_zh, subject_en = excluded.subject_en,
          record_ids = excluded.record_ids, amount_minor = excluded.amount_minor, detail = excluded.detail
        RETURNING first_found_at`);
      for (const h of hits) {
        const detail = JSON.stringify({ ...h.detail, identifiers: identifiersOf(h, byId) });
        const row = upsert.get(h.rule, channel.id, q.period, h.key, h.subject.zh, h.subject.en, JSON.stringify(h.recordIds), h.amountMinor, detail, now) as { first_found_at: string };
        if (row.first_found_at === now) newHits++;
      }
      const byRule: Partial<Record<RiskRule, number>> = {};
      for (const h of hits) byRule[h.rule] = (byRule[h.rule] ?? 0) + 1;
      result.channels.push({ channelId: channel.id, screened: records.length, hits: hits.length, newHits, byRule });
      appendAudit(db, { action: 'risk.screen', channelId: channel.id, period: q.period, after: { screened: records.length, hits: hits.length, newHits, byRule, rules: [...ruleSet(db, channel.id).keys()] } });
    });
  }
  return result;
}

interface HitRow {
  id: number;
  rule: RiskRule;
  channel_id: string;
  period: string;
  subject_zh: string;
  subject_en: string;
  record_ids: string;
  amount_minor: number;
  detail: string;
  active: number;
  status: RiskHitStatus;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
}

function hitView(db: DB, row: HitRow): RiskHitView {
  const ids = JSON.parse(row.record_ids) as number[];
  const currency = getChannel(db, row.channel_id).currency;
  const get = db.prepare('SELECT id, side, kind, order_id, amount_minor, currency, occurred_at FROM records WHERE id = ?');
  const records: RiskHitRecord[] = [];
  for (const id of ids) {
    const r = get.get(id) as { id: number; side: 'channel' | 'internal'; kind: 'payment' | 'refund'; order_id: string | null; amount_minor: number; currency: string; occurred_at: number } | undefined;
    if (r) records.push({ id: r.id, side: r.side, kind: r.kind, orderId: r.order_id, amountMinor: r.amount_minor, currency: r.currency, occurredAt: r.occurred_at });
  }
  return {
    id: row.id, rule: row.rule, channelId: row.channel_id, period: row.period, subject: { zh: row.subject_zh, en: row.subject_en },
    amountMinor: row.amount_minor, currency, detail: JSON.parse(row.detail) as Record<string, unknown>, active: row.active === 1,
    status: row.status, note: row.note, decidedBy: row.decided_by, decidedAt: row.decided_at, records,
  };
}

export function listHits(db: DB, q: { period: string; channelId?: string | undefined; rule?: RiskRule | undefined; status?: RiskHitStatus | undefined; includeInactive?: boolean | undefined }): RiskHitView[] {
  const where = ['period = ?'];
  const args: unknown[] = [q.period];
  if (q.channelId) { where.push('channel_id = ?'); args.push(q.channelId); }
  if (q.rule) { where.push('rule = ?'); args.push(q.rule); }
  if (q.status) { where.push('status = ?'); args.push(q.status); }
  // An inactive hit a person decided stays in the list: its decision is part of the record.
  if (!q.includeInactive) where.push("(active = 1 OR status <> 'open')");
  const rows = db.prepare(`SELECT * FROM risk_hits WHERE ${where.join(' AND ')} ORDER BY channel_id, rule, id`).all(...args) as HitRow[];
  return rows.map((r) => hitView(db, r));
}

const STATUS_NAME: Record<RiskHitStatus, string> = { open: '待审核', confirmed: '确认风险', false_positive: '误报', follow_up: '冻结/退款跟进' };

export function decideHit(db: DB, input: { id: number; as: RiskHitStatus; note: string; blacklist?: RiskIdentifier[] | undefined }): RiskHitView {
  const row = db.prepare('SELECT * FROM risk_hits WHERE id = ?').get(input.id) as HitRow | undefined;
  if (!row) throw new UserError('risk.hit_not_found', `没有编号为 ${input.id} 的风险提示`, `No risk hit #${input.id}`, { id: input.id });
  assertPeriodOpen(db, row.channel_id, row.period);
  if (input.blacklist?.length && input.as !== 'confirmed') {
    throw new UserError('risk.blacklist_needs_confirm', '只有“确认风险”时才能加入黑名单', 'Only a confirmed risk can add to the blacklist');
  }
  const identifiers = (JSON.parse(row.detail) as { identifiers?: Partial<Record<RiskIdentifier, string>> }).identifiers ?? {};
  const toList = (input.blacklist ?? []).map((type) => {
    const value = identifiers[type];
    if (!value) throw new UserError('risk.no_identifier', `该风险提示没有${type}可加入黑名单`, `This hit carries no ${type} to blacklist`, { type });
    return { type, value, reason: `${STATUS_NAME.confirmed}：${input.note}`, source: `hit #${row.id}` };
  });
  return writeTransaction(db, () => {
    const who = currentOperator(db);
    const at = new Date().toISOString();
    db.prepare('UPDATE risk_hits SET status = ?, note = ?, decided_by = ?, decided_at = ? WHERE id = ?')
      .run(input.as, input.note, input.as === 'open' ? null : who, input.as === 'open' ? null : at, row.id);
    const listed = addBlacklistEntries(db, toList);
    appendAudit(db, {
      action: 'risk.decide', channelId: row.channel_id, period: row.period, subject: `#${row.id} ${row.subject_zh}`,
      before: { status: row.status, note: row.note }, after: { status: input.as, note: input.note, blacklisted: listed.added.map((e) => `${e.type} ${e.value}`) },
    });
    return hitView(db, db.prepare('SELECT * FROM risk_hits WHERE id = ?').get(row.id) as HitRow);
  });
}

function periodsBetween(from: string, to: string): string[] {
  if (from > to) throw new UserError('risk.bad_range', `起始账期 ${from} 晚于结束账期 ${to}`, `The first period ${from} is after the last ${to}`);
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const p = `${y}-${String(m).padStart(2, '0')}`;
    out.push(p);
    if (p === to || out.length > 240) break;
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

/** How many hits one rule with these settings would have had in past periods. Writes nothing. */
export function backtest(db: DB, q: { rule: RiskRule; params?: RiskRuleParams | undefined; from: string; to: string; channelId?: string | undefined }): BacktestResult {
  const params = { ...DEFAULT_RULE_PARAMS[q.rule], ...(q.params ?? {}) };
  const rules: RuleSet = new Map([[q.rule, params]]);
  const blacklist = blacklistEntries(db);
  const zone = zoneOf(db);
  const result: BacktestResult = { rule: q.rule, params, periods: [] };
  for (const period of periodsBetween(q.from, q.to)) {
    const channels = q.channelId ? [getChannel(db, q.channelId)] : channelsWithActivity(db, period);
    for (const c of channels) {
      const records = screenedRecords(db, c.id, period, zone);
      const hits = screenRecords(records, rules, blacklist);
      result.periods.push({ period, channelId: c.id, screened: records.length, hits: hits.length, amountMinor: hits.reduce((n, h) => n + h.amountMinor, 0) });
    }
  }
  return result;
}
