// The vocabulary of domain.md as types. Shared by the engine, the CLI and the renderer.

export type Side = 'channel' | 'internal';
export type RecordKind = 'payment' | 'refund';

/** A calendar month in the channel's time zone, e.g. "2026-10". */
export type Period = string;

export const CATEGORIES = [
  'matched',
  'amount_mismatch',
  'channel_only',
  'internal_only',
  'carried_forward',
  'refund_mismatch',
  'duplicate',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** How a difference was resolved. `waived` with reason `tolerance` is applied by the matcher itself. */
export const RESOLUTIONS = ['backfill', 'carry', 'dispute', 'refund', 'writeoff', 'waive', 'manual_match', 'released'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** Internal order statuses that count as paid (domain.md 'Classification'). */
export const SUCCESSFUL_INTERNAL_STATUSES = ['支付成功', '已退款', '部分退款'] as const;

export interface ChannelSettings {
  id: string;
  name: string;
  /** Values of the in-house export's 渠道 column that mean this channel. */
  aliases: string[];
  timeZone: string;
  currency: string;
  /** Per-item tolerance in minor units (default 100 = 1.00). */
  toleranceMinor: number;
  /** Period cap on the total auto-waived, absolute minor units; null = no absolute cap. */
  periodCapMinor: number | null;
  /** Period cap as basis points of gross; null = no share cap. */
  periodCapBps: number | null;
  /** Orders paid this many seconds before the end of a period may be booked by the channel in the next one. */
  cutoffSeconds: number;
  /** Bills that a person must fetch by hand from a portal (e.g. 中国银行). */
  manualDownload: boolean;
  /** Free text such as "T+1" or "monthly". */
  settlementCycle: string;
}

export interface StoredRecord {
  id: number;
  side: Side;
  channelId: string;
  kind: RecordKind;
  orderId: string | null;
  channelTxnId: string | null;
  refundId: string | null;
  /** Positive minor units. A refund row's amount is the refunded amount, positive. */
  amountMinor: number;
  /** Payment: fee charged (positive). Refund: fee returned (positive). */
  feeMinor: number;
  /** Internal orders only: the amount refunded so far according to the in-house system. */
  refundedMinor: number | null;
  currency: string;
  status: string | null;
  /** Epoch milliseconds (UTC instant). */
  occurredAt: number;
  period: Period;
  account: string | null;
  memo: string | null;
  fileId: number;
  rowNumber: number;
}

/** Net effect of one channel row: amount − fee for a payment, −(amount − returned fee) for a refund. */
export function recordNet(r: Pick<StoredRecord, 'kind' | 'amountMinor' | 'feeMinor'>): number {
  return r.kind === 'payment' ? r.amountMinor - r.feeMinor : -(r.amountMinor - r.feeMinor);
}

export function nextPeriod(p: Period): Period {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function previousPeriod(p: Period): Period {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
