import type { ChannelSettings } from '../../shared/domain';
import { isValidTimeZone } from '../../shared/time';
import { UserError } from './errors';
import { appendAudit } from './workspace/audit';
import { writeTransaction, type DB } from './workspace/db';

interface ChannelRow {
  id: string;
  name: string;
  aliases: string;
  time_zone: string;
  currency: string;
  tolerance_minor: number;
  period_cap_minor: number | null;
  period_cap_bps: number | null;
  cutoff_seconds: number;
  manual_download: number;
  settlement_cycle: string;
}

function fromRow(r: ChannelRow): ChannelSettings {
  return {
    id: r.id,
    name: r.name,
    aliases: JSON.parse(r.aliases) as string[],
    timeZone: r.time_zone,
    currency: r.currency,
    toleranceMinor: r.tolerance_minor,
    periodCapMinor: r.period_cap_minor,
    periodCapBps: r.period_cap_bps,
    cutoffSeconds: r.cutoff_seconds,
    manualDownload: r.manual_download === 1,
    settlementCycle: r.settlement_cycle,
  };
}

export const CHANNEL_DEFAULTS: Omit<ChannelSettings, 'id' | 'name'> = {
  aliases: [],
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  toleranceMinor: 100,
  periodCapMinor: null,
  periodCapBps: null,
  cutoffSeconds: 600,
  manualDownload: false,
  settlementCycle: '',
};

function validate(c: ChannelSettings): void {
  if (!/^[a-z0-9_-]{1,40}$/.test(c.id)) {
    throw new UserError('channel.bad_id', `渠道编号只能用小写字母、数字、- 和 _：${c.id}`, `A channel id may only use lower-case letters, digits, - and _: ${c.id}`);
  }
  if (!isValidTimeZone(c.timeZone)) {
    throw new UserError('channel.bad_time_zone', `未知时区：${c.timeZone}`, `Unknown time zone: ${c.timeZone}`);
  }
  if (!/^[A-Z]{3}$/.test(c.currency)) {
    throw new UserError('channel.bad_currency', `币种应为三位大写代码（如 CNY）：${c.currency}`, `Currency must be a 3-letter code such as CNY: ${c.currency}`);
  }
}

export function listChannels(db: DB): ChannelSettings[] {
  return (db.prepare('SELECT * FROM channels ORDER BY id').all() as ChannelRow[]).map(fromRow);
}

export function findChannel(db: DB, id: string): ChannelSettings | undefined {
  const r = db.prepare('SELECT * FROM channels WHERE id = ?').get(id) as ChannelRow | undefined;
  return r ? fromRow(r) : undefined;
}

export function getChannel(db: DB, id: string): ChannelSettings {
  const c = findChannel(db, id);
  if (!c) throw new UserError('channel.not_found', `渠道不存在：${id}（先用 channel add 添加）`, `No such channel: ${id} (add it with channel add)`, { channel: id });
  return c;
}

/** Creates a channel, or updates it when it exists; audited with before/after. */
export function saveChannel(db: DB, input: Partial<ChannelSettings> & { id: string; name?: string }): ChannelSettings {
  return writeTransaction(db, () => {
    const before = findChannel(db, input.id);
    const merged: ChannelSettings = { ...CHANNEL_DEFAULTS, name: input.id, ...before, ...stripUndefined(input) } as ChannelSettings;
    validate(merged);
    for (const alias of merged.aliases) {
      const owner = listChannels(db).find((c) => c.id !== merged.id && c.aliases.includes(alias));
      if (owner) throw new UserError('channel.alias_taken', `别名“${alias}”已属于渠道 ${owner.id}`, `Alias "${alias}" already belongs to channel ${owner.id}`);
    }
    db.prepare(
      `INSERT INTO channels (id, name, aliases, time_zone, currency, tolerance_minor, period_cap_minor, period_cap_bps, cutoff_seconds, manual_download, settlement_cycle, created_at)
       VALUES (@id, @name, @aliases, @timeZone, @currency, @toleranceMinor, @periodCapMinor, @periodCapBps, @cutoffSeconds, @manualDownload, @settlementCycle, @now)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, time_zone = excluded.time_zone, currency = excluded.currency,
         tolerance_minor = excluded.tolerance_minor, period_cap_minor = excluded.period_cap_minor, period_cap_bps = excluded.period_cap_bps,
         cutoff_seconds = excluded.cutoff_seconds, manual_download = excluded.manual_download, settlement_cycle = excluded.settlement_cycle`,
    ).run({ ...merged, aliases: JSON.stringify(merged.aliases), manualDownload: merged.manualDownload ? 1 : 0, now: new Date().toISOString() });
    appendAudit(db, { action: before ? 'channel.update' : 'channel.add', channelId: merged.id, subject: merged.id, before: before ?? null, after: merged });
    return merged;
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Maps the in-house export's 渠道 value to a channel id through each channel's aliases (and id/name). */
export function channelAliasMap(db: DB): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of listChannels(db)) {
    map.set(c.id, c.id);
    map.set(c.name, c.id);
    for (const a of c.aliases) map.set(a, c.id);
  }
  return map;
}
