// Figures of a channel and period, as `recondesk report --json` prints them (issue field names) and as
// the statement, the dashboard and the reconcile view show them. All amounts are minor units.
import type { Category, Period, Resolution, StoredRecord } from './domain';

export interface CategoryCounts {
  matched: number;
  amount_mismatch: number;
  /** Sub-count of amount_mismatch waived under tolerance. */
  waived: number;
  channel_only: number;
  internal_only: number;
  carried_forward: number;
  refund_mismatch: number;
  duplicate: number;
}

export interface ChannelPeriodReport {
  channel: string;
  currency: string;
  payment_rows: number;
  refund_rows: number;
  gross: number;
  refunds: number;
  fees: number;
  net: number;
  agreed: number;
  disputed: number;
  claims: number;
  counts: CategoryCounts;
  /** Total waived (tolerance and explicit waive) and how many items. */
  waived_total: number;
  waived_count: number;
  /** Differences still open (not resolved). */
  open_differences: number;
  closed: boolean;
  /** Channel rows of the period in neither a match nor a difference (imported after the last run); disputed. */
  unmatched_rows?: number;
  /** When the matcher last ran for this channel and period (ISO time); null when never. */
  matched_at?: string | null;
}

export interface PeriodReport {
  period: Period;
  channels: ChannelPeriodReport[];
}

export type DifferenceStatus = 'open' | 'resolved';

/** One side's record as shown beside the other in a difference: the stored record, with its file's name. */
export type DifferenceRecord = Pick<StoredRecord, 'id' | 'side' | 'kind' | 'orderId' | 'channelTxnId' | 'refundId' | 'amountMinor' | 'feeMinor'
  | 'refundedMinor' | 'status' | 'occurredAt' | 'period' | 'rowNumber'> & { fileName: string };

export interface DifferenceView {
  id: number;
  channelId: string;
  period: Period;
  category: Category;
  status: DifferenceStatus;
  resolution: Resolution | null;
  /** 'tolerance' for automatic waivers, else the user's reason. */
  reason: string | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  orderId: string | null;
  channelAmountMinor: number;
  internalAmountMinor: number;
  /** channel − internal. */
  differenceMinor: number;
  /** Net of the channel rows in this difference (what counts in agreed/disputed). */
  channelNetMinor: number;
  channel: DifferenceRecord[];
  internal: DifferenceRecord[];
  currency?: string;
  /** For a released carried item: the channel record of a later period that arrived for it. */
  releasedByRecordId?: number | null;
  /** Set when the difference was resolved by a manual match (undoing one undoes the whole match). */
  manualMatchId?: number | null;
}
