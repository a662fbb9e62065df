// The classification rules of domain.md for one channel and one period, as a pure computation over
// compact in-memory columns. Rows are fed in two phases (every internal order first, then every channel
// row of every imported period of the channel) so that a million rows per side stay within a few hundred
// megabytes: per-order facts live in parallel number arrays indexed by a group number, never in objects.
import type { Category, Period } from '../../../shared/domain';
import { normaliseOrderId } from './keys';

export interface DifferenceCandidate {
  /** Stable identity inside (channel, period): re-running finds the same difference again. */
  key: string;
  category: Exclude<Category, 'matched'>;
  orderId: string | null;
  channelIds: number[];
  internalIds: number[];
  channelAmount: number;
  internalAmount: number;
  /** channel − internal */
  difference: number;
  /** Net of this period's channel rows in the difference (what moves between agreed and disputed). */
  channelNet: number;
  occurredAt: number;
  /** carried_forward whose channel payment is already imported in a later period. */
  releasedBy: number | null;
}

export interface Classification {
  /** Pairs (channel record id, internal record id) that agree: matched payments and agreed refunds. */
  matchChannel: number[];
  matchInternal: number[];
  matchedPayments: number;
  candidates: DifferenceCandidate[];
  /** First payments of this period whose internal order sits in an earlier period (cross-midnight). */
  releases: { internalId: number; internalPeriod: string; channelId: number }[];
}

export interface ClassifyWindow {
  period: Period;
  /** First instant of the next period in the channel's zone. */
  periodEnd: number;
  cutoffSeconds: number;
  /** Whether any channel record of the next period is imported (then the cut-off rule no longer applies). */
  nextPeriodImported: boolean;
}

const NONE = -1;

/**
 * Collects one channel's records and classifies one period. Groups: one per internal order (its index),
 * then one per channel-only order id, then one per channel row that has no usable key at all.
 */
export class MatchBook {
  private readonly period: Period;
  private readonly periods = new Map<string, string>();

  // internal orders, by index
  private readonly intByOrder = new Map<string, number>();
  private readonly intByTxn = new Map<string, number>();
  private readonly intId: number[] = [];
  private readonly intOrderId: (string | null)[] = [];
  private readonly intAmount: number[] = [];
  private readonly intRefunded: number[] = [];
  private readonly intOk: boolean[] = [];
  private readonly intAt: number[] = [];
  private readonly intPeriod: string[] = [];
  private channelPhase = false;

  // per group: the first channel payment (any period) and the sum of channel refunds (all periods)
  private readonly orphanGroups = new Map<string, number>();
  private readonly groupOrderId: (string | null)[] = [];
  private readonly firstId: number[] = [];
  private readonly firstAt: number[] = [];
  private readonly firstTxn: (string | null)[] = [];
  private readonly firstPeriod: string[] = [];
  private readonly refundSum: number[] = [];

  // channel rows of the period being classified
  private readonly payId: number[] = [];
  private readonly payGroup: number[] = [];
  private readonly payAmount: number[] = [];
  private readonly payFee: number[] = [];
  private readonly payAt: number[] = [];
  private readonly refId: number[] = [];
  private readonly refGroup: number[] = [];
  private readonly refAmount: number[] = [];
  private readonly refFee: number[] = [];
  private readonly refAt: number[] = [];

  constructor(period: Period) {
    this.period = period;
  }

  private intern(period: string): string {
    const known = this.periods.get(period);
    if (known !== undefined) return known;
    this.periods.set(period, period);
    return period;
  }

  addInternal(id: number, orderId: string | null, txnId: string | null, amount: number, refunded: number, successful: boolean, occurredAt: number, period: string): void {
    if (this.channelPhase) throw new Error('internal orders must be added before channel rows');
    const idx = this.intId.length;
    const order = normaliseOrderId(orderId);
    this.intId.push(id);
    this.intOrderId.push(order);
    this.intAmount.push(amount);
    this.intRefunded.push(refunded);
    this.intOk.push(successful);
    this.intAt.push(occurredAt);
    this.intPeriod.push(this.intern(period));
    // An order id exported twice by the in-house system: the lower record id owns the key; the other
    // copy is never matched and shows up as internal_only if it claims to be paid.
    if (order !== null) this.claimKey(this.intByOrder, order, idx);
    const txn = normaliseOrderId(txnId);
    if (txn !== null) this.claimKey(this.intByTxn, txn, idx);
  }

  private claimKey(map: Map<string, number>, key: string, idx: number): void {
    const owner = map.get(key);
    if (owner === undefined || this.intId[owner]! > this.intId[idx]!) map.set(key, idx);
  }

  private startChannelPhase(): void {
    if (this.channelPhase) return;
    this.channelPhase = true;
    const n = this.intId.length;
    for (let i = 0; i < n; i++) {
      this.groupOrderId.push(this.intOrderId[i]!);
      this.pushGroupSlots();
    }
  }

  private pushGroupSlots(): void {
    this.firstId.push(NONE);
    this.firstAt.push(0);
    this.firstTxn.push(null);
    this.firstPeriod.push('');
    this.refundSum.push(0);
  }

  /** Exact keys first: the merchant order id, then the channel transaction id where both sides carry it. */
  private groupOf(orderId: string | null, txnId: string | null): number {
    if (orderId !== null) {
      const idx = this.intByOrder.get(orderId);
      if (idx !== undefined) return idx;
    }
    if (txnId !== null) {
      const idx = this.intByTxn.get(txnId);
      if (idx !== undefined) return idx;
    }
    if (orderId !== null) {
      const known = this.orphanGroups.get(orderId);
      if (known !== undefined) return known;
    }
    const g = this.groupOrderId.length;
    this.groupOrderId.push(orderId);
    this.pushGroupSlots();
    if (orderId !== null) this.orphanGroups.set(orderId, g);
    return g;
  }

  addChannel(id: number, kind: 'payment' | 'refund', orderId: string | null, txnId: string | null, amount: number, fee: number, occurredAt: number, period: string): void {
    this.startChannelPhase();
    const order = normaliseOrderId(orderId);
    const txn = normaliseOrderId(txnId);
    const g = this.groupOf(order, txn);
    const inPeriod = period === this.period;
    if (kind === 'refund') {
      this.refundSum[g]! += amount;
      if (inPeriod) {
        this.refId.push(id);
        this.refGroup.push(g);
        this.refAmount.push(amount);
        this.refFee.push(fee);
        this.refAt.push(occurredAt);
      }
      return;
    }
    // The first payment of an order, ordered by (time, channel transaction id, record id), is the one
    // classified; every further payment is a duplicate.
    const current = this.firstId[g]!;
    if (current === NONE || isEarlier(occurredAt, txn, id, this.firstAt[g]!, this.firstTxn[g]!, current)) {
      this.firstId[g] = id;
      this.firstAt[g] = occurredAt;
      this.firstTxn[g] = txn;
      this.firstPeriod[g] = this.intern(period);
    }
    if (inPeriod) {
      this.payId.push(id);
      this.payGroup.push(g);
      this.payAmount.push(amount);
      this.payFee.push(fee);
      this.payAt.push(occurredAt);
    }
  }

  /** Σ payment amounts of the period (gross), for the period cap. */
  periodGross(): number {
    let gross = 0;
    for (const a of this.payAmount) gross += a;
    return gross;
  }

  classify(window: ClassifyWindow): Classification {
    this.startChannelPhase();
    const P = this.period;
    const nInternal = this.intId.length;
    const matchChannel: number[] = [];
    const matchInternal: number[] = [];
    const candidates: DifferenceCandidate[] = [];
    const releases: Classification['releases'] = [];
    let matchedPayments = 0;

    for (let i = 0; i < this.payId.length; i++) {
      const id = this.payId[i]!;
      const g = this.payGroup[i]!;
      const amount = this.payAmount[i]!;
      const net = amount - this.payFee[i]!;
      const at = this.payAt[i]!;
      const internal = g < nInternal ? [this.intId[g]!] : [];
      const orderId = this.groupOrderId[g] ?? null;
      if (this.firstId[g] !== id) {
        candidates.push({ key: `duplicate|c:${id}`, category: 'duplicate', orderId, channelIds: [id], internalIds: internal, channelAmount: amount, internalAmount: 0, difference: amount, channelNet: net, occurredAt: at, releasedBy: null });
        continue;
      }
      if (g < nInternal && this.intPeriod[g]! < P) releases.push({ internalId: this.intId[g]!, internalPeriod: this.intPeriod[g]!, channelId: id });
      if (g >= nInternal || !this.intOk[g]) {
        candidates.push({ key: `channel_only|c:${id}`, category: 'channel_only', orderId, channelIds: [id], internalIds: internal, channelAmount: amount, internalAmount: 0, difference: amount, channelNet: net, occurredAt: at, releasedBy: null });
      } else if (this.intAmount[g] === amount) {
        matchChannel.push(id);
        matchInternal.push(this.intId[g]!);
        matchedPayments++;
      } else {
        const internalAmount = this.intAmount[g]!;
        candidates.push({ key: `amount_mismatch|c:${id}|i:${this.intId[g]!}`, category: 'amount_mismatch', orderId, channelIds: [id], internalIds: internal, channelAmount: amount, internalAmount, difference: amount - internalAmount, channelNet: net, occurredAt: at, releasedBy: null });
      }
    }

    // Refunds of the period, one decision per order: they agree when the in-house refunded amount equals
    // every channel refund of the order imported so far (a partial refund may span periods).
    const refundsByGroup = new Map<number, number[]>();
    for (let i = 0; i < this.refId.length; i++) {
      const g = this.refGroup[i]!;
      const rows = refundsByGroup.get(g);
      if (rows) rows.push(i);
      else refundsByGroup.set(g, [i]);
    }
    for (const [g, rows] of refundsByGroup) {
      const agrees = g < nInternal && this.intRefunded[g] === this.refundSum[g];
      if (agrees) {
        for (const i of rows) {
          matchChannel.push(this.refId[i]!);
          matchInternal.push(this.intId[g]!);
        }
        continue;
      }
      const channelIds = rows.map((i) => this.refId[i]!);
      const net = rows.reduce((s, i) => s - (this.refAmount[i]! - this.refFee[i]!), 0);
      const internalAmount = g < nInternal ? this.intRefunded[g]! : 0;
      const orderId = this.groupOrderId[g] ?? null;
      const key = orderId !== null ? `refund_mismatch|o:${orderId}` : `refund_mismatch|c:${channelIds.join(',')}`;
      candidates.push({
        key, category: 'refund_mismatch', orderId, channelIds, internalIds: g < nInternal ? [this.intId[g]!] : [],
        channelAmount: this.refundSum[g]!, internalAmount, difference: this.refundSum[g]! - internalAmount, channelNet: net,
        occurredAt: Math.min(...rows.map((i) => this.refAt[i]!)), releasedBy: null,
      });
    }

    // Paid internal orders of the period that no channel payment of this or an earlier period explains.
    const cutoffStart = window.periodEnd - window.cutoffSeconds * 1000;
    for (let g = 0; g < nInternal; g++) {
      if (this.intPeriod[g] !== P || !this.intOk[g]) continue;
      const id = this.intId[g]!;
      const amount = this.intAmount[g]!;
      const at = this.intAt[g]!;
      const base = { orderId: this.intOrderId[g] ?? null, channelIds: [], internalIds: [id], channelAmount: 0, internalAmount: amount, difference: -amount, channelNet: 0, occurredAt: at };
      if (this.firstId[g] !== NONE) {
        if (this.firstPeriod[g]! > P) candidates.push({ ...base, key: `carried_forward|i:${id}`, category: 'carried_forward', releasedBy: this.firstId[g]! });
      } else if (!window.nextPeriodImported && at >= cutoffStart && at < window.periodEnd) {
        candidates.push({ ...base, key: `carried_forward|i:${id}`, category: 'carried_forward', releasedBy: null });
      } else {
        candidates.push({ ...base, key: `internal_only|i:${id}`, category: 'internal_only', releasedBy: null });
      }
    }
    return { matchChannel, matchInternal, matchedPayments, candidates, releases };
  }
}

function isEarlier(at: number, txn: string | null, id: number, otherAt: number, otherTxn: string | null, otherId: number): boolean {
  if (at !== otherAt) return at < otherAt;
  const a = txn ?? '';
  const b = otherTxn ?? '';
  if (a !== b) return a < b;
  return id < otherId;
}
