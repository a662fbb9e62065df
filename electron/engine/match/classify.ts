// The classification rules of domain.md for one channel and one period, as a pure computation.
//
// The store does the key lookups (the merchant order id, then the channel transaction id, over indexed
// columns) and feeds each channel row of every imported period together with the internal order it
// found; then the period's internal orders. Rows are kept as parallel number arrays, not objects, and
// order ids never cross into JavaScript except for orders the in-house system does not know: that is
// what keeps 1,000,000 rows per side within seconds and a few hundred megabytes.
import type { Category } from '../../../shared/domain';

export interface DifferenceCandidate {
  /** Stable identity inside (channel, period): re-running finds the same difference again. */
  key: string;
  category: Exclude<Category, 'matched'>;
  /** Known here only for orders the in-house system lacks; the store fills in the rest. */
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
  releases: { internalId: number; channelId: number }[];
}

export interface ClassifyWindow {
  /** First instant of the next period in the channel's zone. */
  periodEnd: number;
  cutoffSeconds: number;
  /** Whether any channel record of the next period is imported (then the cut-off rule no longer applies). */
  nextPeriodImported: boolean;
}

/** Where a record's period lies relative to the period being classified. */
export type PeriodPosition = -1 | 0 | 1;

export interface ChannelRowInput {
  id: number;
  kind: 'payment' | 'refund';
  amount: number;
  fee: number;
  occurredAt: number;
  position: PeriodPosition;
  /** The internal order the keys found, if any. */
  internal: { id: number; amount: number; refunded: number; successful: boolean; position: PeriodPosition } | null;
  /** The row's order id when no internal order was found (groups its payments and refunds). */
  orphanOrderId: string | null;
}

const NONE = -1;

/**
 * Collects one channel's rows and classifies one period. A group is one internal order, one order id the
 * in-house system lacks, or one channel row with no usable key at all.
 */
export class MatchBook {
  private readonly groupOf = new Map<number | string, number>();
  private readonly gInternal: number[] = [];
  private readonly gIntAmount: number[] = [];
  private readonly gIntRefunded: number[] = [];
  private readonly gIntOk: boolean[] = [];
  private readonly gIntPosition: number[] = [];
  private readonly gOrphan: (string | null)[] = [];
  private readonly firstId: number[] = [];
  private readonly firstAt: number[] = [];
  private readonly firstPosition: number[] = [];
  private readonly refundSum: number[] = [];
  /** Groups whose earliest payments share a timestamp: resolved by transaction id (see resolveTies). */
  private readonly ties = new Map<number, { id: number; position: number }[]>();

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

  private readonly intId: number[] = [];
  private readonly intAmount: number[] = [];
  private readonly intAt: number[] = [];

  private newGroup(internal: ChannelRowInput['internal'], orphan: string | null): number {
    const g = this.gInternal.length;
    this.gInternal.push(internal?.id ?? NONE);
    this.gIntAmount.push(internal?.amount ?? 0);
    this.gIntRefunded.push(internal?.refunded ?? 0);
    this.gIntOk.push(internal?.successful ?? false);
    this.gIntPosition.push(internal?.position ?? 0);
    this.gOrphan.push(orphan);
    this.firstId.push(NONE);
    this.firstAt.push(0);
    this.firstPosition.push(0);
    this.refundSum.push(0);
    return g;
  }

  private group(row: ChannelRowInput): number {
    const key = row.internal !== null ? row.internal.id : row.orphanOrderId;
    if (key === null) return this.newGroup(null, null);
    const known = this.groupOf.get(key);
    if (known !== undefined) return known;
    const g = this.newGroup(row.internal, row.orphanOrderId);
    this.groupOf.set(key, g);
    return g;
  }

  /** Every channel row of the channel, any period. */
  addChannel(row: ChannelRowInput): void {
    const g = this.group(row);
    const inPeriod = row.position === 0;
    if (row.kind === 'refund') {
      this.refundSum[g]! += row.amount;
      if (inPeriod) {
        this.refId.push(row.id);
        this.refGroup.push(g);
        this.refAmount.push(row.amount);
        this.refFee.push(row.fee);
        this.refAt.push(row.occurredAt);
      }
      return;
    }
    // The first payment of an order is the one classified; every further one is a duplicate.
    const first = this.firstId[g]!;
    if (first === NONE || row.occurredAt < this.firstAt[g]!) {
      this.firstId[g] = row.id;
      this.firstAt[g] = row.occurredAt;
      this.firstPosition[g] = row.position;
      this.ties.delete(g);
    } else if (row.occurredAt === this.firstAt[g]) {
      const tied = this.ties.get(g) ?? [{ id: first, position: this.firstPosition[g]! }];
      tied.push({ id: row.id, position: row.position });
      this.ties.set(g, tied);
    }
    if (inPeriod) {
      this.payId.push(row.id);
      this.payGroup.push(g);
      this.payAmount.push(row.amount);
      this.payFee.push(row.fee);
      this.payAt.push(row.occurredAt);
    }
  }

  /** Record ids of payments that share their order's earliest timestamp, for the store to look up. */
  tiedPayments(): number[] {
    return [...this.ties.values()].flatMap((list) => list.map((p) => p.id));
  }

  /**
   * Payments at the same instant are ordered by channel transaction id, then record id (domain rule:
   * first by time, transaction id, id). The store supplies the transaction ids of tiedPayments().
   */
  resolveTies(txnOf: ReadonlyMap<number, string | null>): void {
    for (const [g, list] of this.ties) {
      const sorted = [...list].sort((a, b) => {
        const ta = txnOf.get(a.id) ?? '';
        const tb = txnOf.get(b.id) ?? '';
        return ta < tb ? -1 : ta > tb ? 1 : a.id - b.id;
      });
      this.firstId[g] = sorted[0]!.id;
      this.firstPosition[g] = sorted[0]!.position;
    }
    this.ties.clear();
  }

  /** A paid or unpaid internal order of the period being classified. */
  addInternalOfPeriod(id: number, amount: number, successful: boolean, occurredAt: number): void {
    if (!successful) return;
    this.intId.push(id);
    this.intAmount.push(amount);
    this.intAt.push(occurredAt);
  }

  /** Σ payment amounts of the period (gross), for the period cap. */
  periodGross(): number {
    let gross = 0;
    for (const a of this.payAmount) gross += a;
    return gross;
  }

  classify(window: ClassifyWindow): Classification {
    if (this.ties.size > 0) throw new Error('resolveTies() must run before classify()');
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
      const internalId = this.gInternal[g]!;
      const internalIds = internalId === NONE ? [] : [internalId];
      const orderId = this.gOrphan[g]!;
      const base = { orderId, channelIds: [id], internalIds, channelAmount: amount, channelNet: net, occurredAt: at, releasedBy: null };
      if (this.firstId[g] !== id) {
        candidates.push({ ...base, key: `duplicate|c:${id}`, category: 'duplicate', internalAmount: 0, difference: amount });
        continue;
      }
      if (internalId !== NONE && this.gIntPosition[g]! < 0) releases.push({ internalId, channelId: id });
      if (internalId === NONE || !this.gIntOk[g]) {
        candidates.push({ ...base, key: `channel_only|c:${id}`, category: 'channel_only', internalAmount: 0, difference: amount });
      } else if (this.gIntAmount[g] === amount) {
        matchChannel.push(id);
        matchInternal.push(internalId);
        matchedPayments++;
      } else {
        const internalAmount = this.gIntAmount[g]!;
        candidates.push({ ...base, key: `amount_mismatch|c:${id}|i:${internalId}`, category: 'amount_mismatch', internalAmount, difference: amount - internalAmount });
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
      const internalId = this.gInternal[g]!;
      if (internalId !== NONE && this.gIntRefunded[g] === this.refundSum[g]) {
        for (const i of rows) {
          matchChannel.push(this.refId[i]!);
          matchInternal.push(internalId);
        }
        continue;
      }
      const channelIds = rows.map((i) => this.refId[i]!);
      const internalAmount = internalId === NONE ? 0 : this.gIntRefunded[g]!;
      const orphan = this.gOrphan[g]!;
      const key = internalId !== NONE ? `refund_mismatch|i:${internalId}` : orphan !== null ? `refund_mismatch|o:${orphan}` : `refund_mismatch|c:${channelIds.join(',')}`;
      candidates.push({
        key, category: 'refund_mismatch', orderId: orphan, channelIds, internalIds: internalId === NONE ? [] : [internalId],
        channelAmount: this.refundSum[g]!, internalAmount, difference: this.refundSum[g]! - internalAmount,
        channelNet: rows.reduce((s, i) => s - (this.refAmount[i]! - this.refFee[i]!), 0),
        occurredAt: Math.min(...rows.map((i) => this.refAt[i]!)), releasedBy: null,
      });
    }

    // Paid internal orders of the period that no channel payment of this or an earlier period explains.
    const cutoffStart = window.periodEnd - window.cutoffSeconds * 1000;
    for (let k = 0; k < this.intId.length; k++) {
      const id = this.intId[k]!;
      const amount = this.intAmount[k]!;
      const at = this.intAt[k]!;
      const g = this.groupOf.get(id);
      const paid = g !== undefined && this.firstId[g] !== NONE;
      if (paid && this.firstPosition[g]! <= 0) continue;
      const base = { orderId: null, channelIds: [], internalIds: [id], channelAmount: 0, internalAmount: amount, difference: -amount, channelNet: 0, occurredAt: at };
      if (paid) {
        candidates.push({ ...base, key: `carried_forward|i:${id}`, category: 'carried_forward', releasedBy: this.firstId[g]! });
      } else if (!window.nextPeriodImported && at >= cutoffStart && at < window.periodEnd) {
        candidates.push({ ...base, key: `carried_forward|i:${id}`, category: 'carried_forward', releasedBy: null });
      } else {
        candidates.push({ ...base, key: `internal_only|i:${id}`, category: 'internal_only', releasedBy: null });
      }
    }
    return { matchChannel, matchInternal, matchedPayments, candidates, releases };
  }
}
