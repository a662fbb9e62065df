// Matching, differences, resolutions and period locks (issue 3). Amounts are minor units of the channel's
// currency; periods are "YYYY-MM".
import { z } from 'zod';
import type { ScreenResult } from './risk';
import { CATEGORIES, PERIOD_PATTERN, RESOLUTIONS } from '../domain';
import type { CategoryCounts, ChannelPeriodReport, DifferenceView, PeriodReport } from '../report';
import { command } from './define';

const period = z.string().regex(PERIOD_PATTERN);
const channelId = z.string().regex(/^[a-z0-9_-]{1,40}$/);
const recordId = z.number().int().positive();
const note = z.string().trim().min(1).max(2000);
const reason = z.string().trim().min(1).max(200);
const differenceCategory = z.enum(CATEGORIES).exclude(['matched']);

export const DIFFERENCE_SORTS = ['occurredAt', 'amount', 'difference', 'id'] as const;

/** A window of differences of one channel and period, filtered and sorted in SQL. */
export const differenceQuery = z.object({
  channelId,
  period,
  category: differenceCategory.optional(),
  status: z.enum(['open', 'resolved']).optional(),
  resolution: z.enum(RESOLUTIONS).optional(),
  /** Bounds on |difference|, inclusive. */
  minAmount: z.number().int().min(0).optional(),
  maxAmount: z.number().int().min(0).optional(),
  /** Part of an order id, channel transaction id or refund id. */
  text: z.string().max(100).optional(),
  /** Bounds on the difference's time (epoch ms, inclusive), e.g. for its age. */
  occurredFrom: z.number().int().optional(),
  occurredTo: z.number().int().optional(),
  sort: z.enum(DIFFERENCE_SORTS).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
});
export type DifferenceQuery = z.input<typeof differenceQuery>;

export interface DifferenceTotals {
  count: number;
  /** Σ |difference| */
  amountMinor: number;
  /** Σ net of the channel rows in these differences. */
  channelNetMinor: number;
}

export interface ChannelMatchResult {
  channel: string;
  period: string;
  /** Skipped because the period is closed (only when matching every channel). */
  skipped: 'closed' | null;
  matchedPayments: number;
  agreedRefundRows: number;
  /** Differences this run added, changed (facts or automatic state), made inactive, left as they were. */
  added: number;
  changed: number;
  gone: number;
  unchanged: number;
  /** Manual decisions found again and kept. */
  decisionsKept: number;
  autoWaived: number;
  autoWaivedMinor: number;
  /** True when a waivable mismatch was left open because the period cap was used up. */
  capReached: boolean;
  /** Carried items of earlier periods released by this period's channel payments. */
  released: number;
  byCategory: Omit<CategoryCounts, 'matched' | 'waived'>;
  report: ChannelPeriodReport | null;
}

export interface MatchRunResult {
  period: string;
  preview: boolean;
  channels: ChannelMatchResult[];
  /** The risk screening that follows every (non-preview) match of the period. */
  risk?: ScreenResult;
}

export interface BulkResolveResult {
  count: number;
  amountMinor: number;
  channelNetMinor: number;
  ids: number[];
}

export interface ManualMatchResult {
  id: number;
  channelAmountMinor: number;
  internalAmountMinor: number;
  differenceMinor: number;
  /** |difference| is above the channel's tolerance: the match carries the person's reason. */
  beyondTolerance: boolean;
  toleranceMinor: number;
  differenceIds: number[];
}

export interface Suggestion {
  differenceId: number;
  channelRecordId: number;
  amountMinor: number;
  occurredAt: number;
  candidates: { internalRecordId: number; differenceId: number; orderId: string | null; amountMinor: number; occurredAt: number; secondsApart: number }[];
}

export interface PeriodLock {
  channelId: string;
  period: string;
  closed: boolean;
  at: string;
  by: string;
  note: string | null;
}

const userResolution = z.enum(['backfill', 'carry', 'dispute', 'refund', 'writeoff', 'waive']);

export const matchContract = {
  'match.run': command<MatchRunResult>()({ kind: 'write', long: true, input: z.object({ period, channelId: channelId.optional(), preview: z.boolean().optional() }) }),
  'report.get': command<PeriodReport>()({ kind: 'read', input: z.object({ period, channelId: channelId.optional() }) }),
  'diffs.list': command<DifferenceView[]>()({ kind: 'read', input: differenceQuery }),
  'diffs.count': command<DifferenceTotals>()({ kind: 'read', input: differenceQuery.omit({ sort: true, direction: true, offset: true, limit: true }) }),
  'diff.get': command<DifferenceView>()({ kind: 'read', input: z.object({ id: recordId }) }),
  'diff.resolve': command<DifferenceView>()({ kind: 'write', input: z.object({ id: recordId, as: userResolution, note, reason: reason.optional() }) }),
  'diff.bulkResolve': command<BulkResolveResult>()({
    kind: 'write',
    input: z.object({
      channelId, period, category: differenceCategory.optional(), minAmount: z.number().int().min(0).optional(), maxAmount: z.number().int().min(0).optional(),
      text: z.string().max(100).optional(), ids: z.array(recordId).max(100000).optional(), as: userResolution, note, reason: reason.optional(),
    }),
  }),
  'diff.undo': command<DifferenceView>()({ kind: 'write', input: z.object({ id: recordId, note: note.optional() }) }),
  'match.manual': command<ManualMatchResult>()({
    kind: 'write',
    input: z.object({ internalIds: z.array(recordId).min(1).max(1000), channelIds: z.array(recordId).min(1).max(1000), note, reason: reason.optional() }),
  }),
  'period.close': command<PeriodLock>()({ kind: 'write', input: z.object({ channelId, period, note, withOpen: z.boolean().optional() }) }),
  'period.reopen': command<PeriodLock>()({ kind: 'write', input: z.object({ channelId, period, note }) }),
  'suggestions.list': command<Suggestion[]>()({
    kind: 'read',
    input: z.object({ channelId, period, windowMinutes: z.number().int().min(1).max(60 * 24 * 31).optional(), limit: z.number().int().min(1).max(1000).optional() }),
  }),
};
