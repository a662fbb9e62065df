// What a statement is made of, independent of where it is written (xlsx, HTML, the app's screen).
// `loadStatement` (statement/load.ts) fills it from the workspace; tests may build it by hand.
import type { ChannelSettings, Period, RecordKind } from '../../../shared/domain';
import type { CompanyInfo, Counterparty } from '../../../shared/parties';
import type { ChannelPeriodReport, DifferenceView } from '../../../shared/report';

/** One channel row the matcher agreed with an internal order (a row of the 明细 sheet). */
export interface MatchedLine {
  channelRecordId: number;
  internalRecordId: number;
  kind: RecordKind;
  orderId: string | null;
  channelTxnId: string | null;
  refundId: string | null;
  amountMinor: number;
  feeMinor: number;
  occurredAt: number;
  /** The internal order's amount (payments) or refunded amount (refunds). */
  internalAmountMinor: number;
  internalOccurredAt: number;
  /** Differs from the statement's period for cross-midnight matches. */
  internalPeriod: Period;
}

/** A carried item (挂账) of this period, or one of an earlier period released by a record of this one. */
export interface CarriedItem {
  differenceId: number;
  period: Period;
  orderId: string | null;
  internalAmountMinor: number;
  /** When the internal order was paid. */
  occurredAt: number;
  status: 'open' | 'resolved';
  resolution: string | null;
  releasedByRecordId: number | null;
  releasedPeriod: Period | null;
  releasedTxnId: string | null;
  releasedAt: number | null;
}

export interface StatementData {
  channel: ChannelSettings;
  period: Period;
  /** Setting 'company_name', else 我方. */
  companyName: string;
  report: ChannelPeriodReport;
  /** Every active difference of the channel and period, open and resolved. */
  differences: DifferenceView[];
  carried: CarriedItem[];
  /** Matched rows in channel record id order; may be called more than once, streams each time. */
  matched(): Iterable<MatchedLine>;
  generatedAt: number;
  operator: string;
  /** Our company's tax id and bank account, and the channel's counterparty (settings; docs/month-end.md). */
  company?: CompanyInfo;
  counterparty?: Counterparty;
  /** The statement number, e.g. ZFB-2026-0001; null for a preview that is not issued. */
  number?: string | null;
  /** The audit log's latest entry when the statement was made: printed, it pins the history (docs/month-end.md). */
  auditHead?: { id: number; hash: string } | null;
}

const DAY_MS = 86_400_000;

/** Whole days a carried item has been (or was) open: to its release, else to the statement's date. */
export function carriedAgeDays(item: CarriedItem, asOf: number): number {
  const end = item.releasedAt ?? asOf;
  return Math.max(0, Math.floor((end - item.occurredAt) / DAY_MS));
}
