// What each resolution means for the figures (domain.md 'Tolerance and the agreed amount'). The report,
// the statement and the run summary all read these two lists, so a decision moves money the same way
// everywhere.
import type { Resolution } from '../../../shared/domain';

/**
 * Resolutions that accept the channel's figure: the rows' net moves from disputed to agreed.
 * 退款 (refund) is among them: the channel really collected the duplicate payment, so its settlement
 * figure is right; returning the money to the payer is our own outgoing payment.
 */
export const ACCEPTING_RESOLUTIONS: readonly Resolution[] = ['backfill', 'manual_match', 'waive', 'writeoff', 'refund'];

/** Resolutions that keep an internal_only order in claims (我方主张): we still say the channel owes it. */
export const CLAIM_KEEPING_RESOLUTIONS: readonly Resolution[] = ['carry', 'dispute'];

/** Resolutions a person may give with `resolve --as`; manual_match and released come from their own actions. */
export const USER_RESOLUTIONS = ['backfill', 'carry', 'dispute', 'refund', 'writeoff', 'waive'] as const;
export type UserResolution = (typeof USER_RESOLUTIONS)[number];

export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
