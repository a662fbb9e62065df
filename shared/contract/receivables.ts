// Bank statements (the third side) and receipts against agreed statements (回款核对): our bank
// accounts, imported statements and their continuity, each channel's payers and payment date rule,
// receivables with their status, unidentified receipts (待认领) and the differences of this stage.
import { z } from 'zod';
import type { Bilingual } from './import';
import { command } from './define';

export interface BankAccount {
  id: number;
  accountNo: string;
  bank: string;
  name: string;
  currency: string;
}

/** One bank row as shown beside a break, a receipt or an unidentified transfer. */
export interface BankRowView {
  id: number;
  statementId: number;
  fileName: string;
  rowNumber: number;
  occurredAt: number;
  direction: 'in' | 'out';
  amountMinor: number;
  balanceMinor: number | null;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  remark: string | null;
  serialNo: string | null;
}

/** Two consecutive rows of an account whose balances do not chain: rows are missing (or doubled) between them. */
export interface ContinuityBreak {
  accountNo: string;
  before: BankRowView;
  after: BankRowView;
  /** before.balance ± after.amount. */
  expectedMinor: number;
  actualMinor: number;
  /** A gap: money moved that no imported row shows; an overlap-like break shows a negative missing amount. */
  missingMinor: number;
}

export interface BankImportSummary {
  statementId: number;
  fileName: string;
  sha256: string;
  profileId: string;
  profileName: string;
  account: BankAccount;
  container: string;
  encoding: string | null;
  table: string;
  rowsInFile: number;
  dataRows: number;
  accepted: number;
  alreadyPresent: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  incoming: { count: number; minor: number };
  outgoing: { count: number; minor: number };
  openingMinor: number | null;
  closingMinor: number | null;
  periodFrom: string | null;
  periodTo: string | null;
  /** Breaks between this statement and the account's other statements (a missing page or statement). */
  continuity: ContinuityBreak[];
  warnings: Bilingual[];
  importedAt: string;
  importedBy: string;
}

export const RULE_KINDS = ['day-of-next-month', 'days-after-statement', 'weekly', 'months-later'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * When a channel pays an agreed statement:
 * - day-of-next-month n: day n of the month after the period (clamped to the month's end);
 * - days-after-statement n: n days after the statement was issued;
 * - weekly n: the first weekday n (1 = Monday … 7 = Sunday) after the statement was issued;
 * - months-later n, day d: day d of the n-th month after the period.
 */
export interface PaymentRule {
  kind: RuleKind;
  n: number;
  day: number;
}

export interface ReceiptSettings {
  channelId: string;
  payerNames: string[];
  payerAccounts: string[];
  rule: PaymentRule;
  /** Days after the expected date before an unpaid receivable counts as 逾期. */
  graceDays: number;
}

export const RECEIVABLE_STATUSES = ['unpaid', 'partial', 'paid', 'overpaid', 'overdue'] as const;
export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];

/** One transfer's share of a receivable. */
export interface Allocation {
  bankRowId: number;
  amountMinor: number;
  occurredAt: number;
  how: 'remark' | 'amount' | 'oldest' | 'assigned';
}

export interface ReceivableView {
  /** `channel:period`. */
  key: string;
  channelId: string;
  channelName: string;
  period: string;
  statementNo: string | null;
  currency: string;
  agreedMinor: number;
  receivedMinor: number;
  /** Bank charge taken off within the channel's tolerance, counted as paid. */
  chargeMinor: number;
  /** agreed − received − charge − waived; negative when over-paid. */
  outstandingMinor: number;
  status: ReceivableStatus;
  issuedOn: string;
  expectedOn: string;
  /** Days since the statement was issued, while money is outstanding; null once settled. */
  daysOutstanding: number | null;
  /** Days past the expected date (after grace) while unpaid; 0 when not overdue. */
  daysOverdue: number;
  paidOn: string | null;
  allocations: Allocation[];
}

export const RECEIPT_DIFFERENCE_KINDS = ['short_paid', 'over_paid', 'duplicate', 'payer_mismatch'] as const;
export type ReceiptDifferenceKind = (typeof RECEIPT_DIFFERENCE_KINDS)[number];
export const RECEIPT_ACTIONS = ['waive', 'writeoff', 'dispute', 'refund', 'note'] as const;
export type ReceiptAction = (typeof RECEIPT_ACTIONS)[number];

export interface ReceiptDifference {
  /** Stable across recomputation: `short_paid:channel:period`, `duplicate:bankRowId` … */
  key: string;
  kind: ReceiptDifferenceKind;
  channelId: string;
  period: string | null;
  /** Signed: short-paid positive (owed to us), over-paid and duplicate negative. */
  amountMinor: number;
  currency: string;
  bankRowIds: number[];
  detail: Bilingual;
  status: 'open' | 'resolved';
  action: ReceiptAction | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface UnclaimedReceipt {
  row: BankRowView;
  accountNo: string;
  currency: string;
  /** Why it was not matched: unknown payer, or a payer several channels list. */
  reason: 'unknown_payer' | 'ambiguous_payer';
}

export interface AssignedReceipt {
  row: BankRowView;
  kind: 'receivable' | 'not_settlement';
  channelId: string | null;
  period: string | null;
  note: string | null;
  assignedBy: string;
  assignedAt: string;
}

export interface ChannelReceivableTotals {
  channelId: string;
  channelName: string;
  currency: string;
  expectedMinor: number;
  receivedMinor: number;
  outstandingMinor: number;
  overdueMinor: number;
}

export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '>90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export interface AgingRow {
  channelId: string;
  currency: string;
  /** Outstanding money by days since the statement was issued. */
  buckets: Record<AgingBucket, number>;
}

/** Unidentified receipts listed at once; a person works through them oldest first. */
export const UNCLAIMED_SHOWN = 500;

export interface ReceivablesOverview {
  asOf: string;
  /** The workspace's zone: days and times of bank rows are shown in it. */
  timeZone: string;
  receivables: ReceivableView[];
  totals: ChannelReceivableTotals[];
  aging: AgingRow[];
  /** The oldest UNCLAIMED_SHOWN unidentified receipts; unclaimedCount says how many there are. */
  unclaimed: UnclaimedReceipt[];
  unclaimedCount: number;
  assigned: AssignedReceipt[];
  differences: ReceiptDifference[];
  continuity: ContinuityBreak[];
}

/** What the daily run says about receipts: what arrived since the last run, and what fell overdue. */
export interface ReceiptsDailyReport {
  asOf: string;
  newReceipts: { count: number; byCurrency: Record<string, number>; allocated: number; unclaimed: number };
  newlyOverdue: { key: string; channelId: string; period: string; currency: string; outstandingMinor: number; daysOverdue: number }[];
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const channelId = z.string().regex(/^[a-z0-9_-]{1,40}$/);
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const receivablesContract = {
  'account.list': command<BankAccount[]>()({ kind: 'read', input: z.object({}) }),
  'account.save': command<BankAccount>()({
    kind: 'write',
    input: z.object({ accountNo: z.string().min(4).max(60), bank: z.string().min(1).max(80), name: z.string().min(1).max(120), currency: z.string().regex(/^[A-Za-z]{3}$/) }),
  }),
  'bank.import': command<BankImportSummary>()({
    kind: 'write',
    long: true,
    input: z.object({ fileRef: z.string().min(1), profileId: z.string().optional(), accountNo: z.string().max(60).optional() }),
  }),
  'receipts.settings': command<ReceiptSettings[]>()({ kind: 'read', input: z.object({}) }),
  'receipts.saveSettings': command<ReceiptSettings>()({
    kind: 'write',
    input: z.object({
      channelId,
      payerNames: z.array(z.string().min(1).max(120)).max(50).optional(),
      payerAccounts: z.array(z.string().min(4).max(60)).max(50).optional(),
      rule: z.object({ kind: z.enum(RULE_KINDS), n: z.number().int().min(0).max(366), day: z.number().int().min(1).max(31).default(1) }).optional(),
      graceDays: z.number().int().min(0).max(365).optional(),
    }),
  }),
  'receivables.overview': command<ReceivablesOverview>()({
    kind: 'read',
    input: z.object({ channelId: channelId.optional(), asOf: day.optional() }),
  }),
  'receipts.assign': command<ReceivablesOverview>()({
    kind: 'write',
    input: z.object({
      bankRowId: z.number().int().min(1),
      kind: z.enum(['receivable', 'not_settlement']),
      channelId: channelId.optional(),
      period: period.optional(),
      note: z.string().max(500).optional(),
    }),
  }),
  'receipts.unassign': command<ReceivablesOverview>()({ kind: 'write', input: z.object({ bankRowId: z.number().int().min(1) }) }),
  'receipts.resolve': command<ReceivablesOverview>()({
    kind: 'write',
    input: z.object({ key: z.string().min(3).max(120), action: z.enum(RECEIPT_ACTIONS), note: z.string().max(500).optional() }),
  }),
  'receipts.undo': command<ReceivablesOverview>()({ kind: 'write', input: z.object({ key: z.string().min(3).max(120) }) }),
  'receivables.export': command<{ path: string; sha256: string; bytes: number; rows: number }>()({
    kind: 'write',
    input: z.object({ channelId: channelId.optional(), asOf: day.optional(), fileName: z.string().max(200).optional() }),
  }),
};
