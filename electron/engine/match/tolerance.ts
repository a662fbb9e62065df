// Per-item tolerance and the period cap (domain.md 'Tolerance and the agreed amount').
import type { ChannelSettings } from '../../../shared/domain';

/** The most that may be waived in one channel and period; null when neither cap is set. */
export function periodCap(channel: Pick<ChannelSettings, 'periodCapMinor' | 'periodCapBps'>, gross: number): number | null {
  const caps: number[] = [];
  if (channel.periodCapMinor !== null) caps.push(channel.periodCapMinor);
  // BigInt: gross × basis points passes 2^53 for large channels; the share is rounded down so the cap
  // is never more generous than configured.
  if (channel.periodCapBps !== null) caps.push(Number((BigInt(Math.max(gross, 0)) * BigInt(channel.periodCapBps)) / 10000n));
  return caps.length === 0 ? null : Math.min(...caps);
}

export interface WaiverCandidate {
  key: string;
  difference: number;
  occurredAt: number;
  channelId: number;
}

/**
 * Picks the amount mismatches waived automatically: |difference| at or under the per-item tolerance,
 * taken in time order (then record id) until the next one would pass what is left of the cap. From that
 * point on nothing more is waived automatically, so the result never depends on which small items
 * happen to fit in a gap.
 */
export function chooseAutoWaivers(items: readonly WaiverCandidate[], toleranceMinor: number, capLeft: number | null): { keys: Set<string>; total: number; capReached: boolean } {
  const sorted = items.filter((i) => Math.abs(i.difference) <= toleranceMinor).sort((a, b) => a.occurredAt - b.occurredAt || a.channelId - b.channelId);
  const keys = new Set<string>();
  let total = 0;
  for (const item of sorted) {
    const size = Math.abs(item.difference);
    if (capLeft !== null && total + size > capLeft) return { keys, total, capReached: true };
    keys.add(item.key);
    total += size;
  }
  return { keys, total, capReached: false };
}
