// Builds records straight into a workspace (one source file per side and channel), so the matcher can be
// tested on exact situations without going through an import profile.
import { saveChannel } from '../../../electron/engine/channels';
import type { DB } from '../../../electron/engine/workspace/db';
import type { ChannelSettings } from '../../../shared/domain';
import { periodOf, wallClockToInstant } from '../../../shared/time';
import { refreshRecordRanges } from '../../../electron/engine/workspace/record-ranges';

export interface RowSpec {
  order: string | null;
  /** "2026-09-10 12:00:00" in the channel's zone */
  at: string;
  amount: number;
  fee?: number;
  txn?: string | null;
  currency?: string;
}

export interface OrderSpec extends RowSpec {
  status?: string;
  refunded?: number;
}

export class Ledger {
  private seq = 0;
  private readonly files = new Map<string, number>();
  private readonly zones = new Map<string, ChannelSettings>();

  constructor(readonly db: DB) {}

  channel(id: string, settings: Partial<ChannelSettings> = {}): this {
    this.zones.set(id, saveChannel(this.db, { id, name: id, ...settings }));
    return this;
  }

  private file(side: 'channel' | 'internal', channelId: string): number {
    const key = `${side}|${channelId}`;
    const known = this.files.get(key);
    if (known !== undefined) return known;
    const id = Number(this.db.prepare(`INSERT INTO source_files (sha256, file_name, side, channel_id, profile_id, container, encoding, size_bytes, rows_in_file,
        accepted, filtered, already_present, rejected, summary, imported_at, imported_by)
      VALUES (?, ?, ?, ?, 'test', 'csv', 'utf-8', 0, 0, 0, 0, 0, 0, '{}', '2026-11-01T00:00:00Z', 'test')`)
      .run(`sha-${key}`, `${side}-${channelId}.csv`, side, side === 'channel' ? channelId : null).lastInsertRowid);
    this.files.set(key, id);
    return id;
  }

  private instant(channelId: string, at: string): { instant: number; period: string } {
    const zone = this.zones.get(channelId)?.timeZone ?? 'Asia/Shanghai';
    const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(at);
    if (!m) throw new Error(`bad time ${at}`);
    const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
    const instant = wallClockToInstant({ year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s! }, zone);
    return { instant, period: periodOf(instant, zone) };
  }

  private insert(side: 'channel' | 'internal', channelId: string, kind: 'payment' | 'refund', spec: OrderSpec): number {
    const { instant, period } = this.instant(channelId, spec.at);
    const currency = spec.currency ?? this.zones.get(channelId)?.currency ?? 'CNY';
    const n = ++this.seq;
    const fileId = this.file(side, channelId);
    const id = Number(this.db.prepare(`INSERT INTO records (side, channel_id, kind, order_id, channel_txn_id, refund_id, amount_minor, fee_minor, refunded_minor, currency, status,
        occurred_at, period, natural_key, file_id, row_number)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(side, channelId, kind, spec.order, spec.txn ?? null, kind === 'refund' ? `R${n}` : null, spec.amount, spec.fee ?? 0,
        side === 'internal' ? (spec.refunded ?? 0) : null, currency, side === 'internal' ? (spec.status ?? '支付成功') : null,
        instant, period, `k${n}`, fileId, n + 1).lastInsertRowid);
    refreshRecordRanges(this.db, fileId);
    return id;
  }

  /** A channel payment row. */
  pay(channelId: string, spec: RowSpec): number {
    return this.insert('channel', channelId, 'payment', spec);
  }

  /** A channel refund row (amount positive, fee = fee returned). */
  refund(channelId: string, spec: RowSpec): number {
    return this.insert('channel', channelId, 'refund', spec);
  }

  /** An in-house order (default status 支付成功). */
  order(channelId: string, spec: OrderSpec): number {
    return this.insert('internal', channelId, 'payment', spec);
  }

  /** A matching pair: order and channel payment with the same amount. */
  both(channelId: string, spec: OrderSpec): { internal: number; channel: number } {
    return { internal: this.order(channelId, spec), channel: this.pay(channelId, spec) };
  }
}
