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
  matchChannel: Float64Array;
  matchInternal: Float64Array;
  /** How many of the pairs above are filled. */
  matches: number;
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

/** Upper bounds the store counts before feeding rows, so every column is allocated once. */
export interface BookCapacity {
  /** Channel rows of the channel, all periods (also bounds the number of groups). */
  channelRows: number;
  /** Channel rows of the period being classified. */
  periodRows: number;
  /** Internal orders of the period being classified. */
  internalRows: number;
}

/**
 * Collects one channel's rows and classifies one period. A group is one internal order, one order id the
 * in-house system lacks, or one channel row with no usable key at all. Columns are typed arrays sized
 * up front: growing a million-element array by copying would leave several times its size as garbage.
 */
export class MatchBook {
  private readonly byInternal = new Map<number, number>();
  private readonly byOrphan = new Map<string, number>();
  private groups = 0;
  private readonly gInternal: Float64Array;
  private readonly gIntAmount: Float64Array;
  private readonly gIntRefunded: Float64Array;
  private readonly gIntOk: Uint8Array;
  private readonly gIntPosition: Int8Array;
  private readonly gOrphan = new Map<number, string>();
  private readonly firstId: Float64Array;
  private readonly firstAt: Float64Array;
  private readonly firstPosition: Int8Array;
  private readonly refundSum: Float64Array;
  /** Groups whose earliest payments share a timestamp: resolved by transaction id (see resolveTies). */
  private readonly ties = new Map<number, { id: number; position: number }[]>();

  private pays = 0;
  private readonly payId: Float64Array;
  private readonly payGroup: Float64Array;
  private readonly payAmount: Float64Array;
  private readonly payFee: Float64Array;
  private readonly payAt: Float64Array;
  private refs = 0;
  private readonly refId: Float64Array;
  private readonly refGroup: Float64Array;
  private readonly refAmount: Float64Array;
  private readonly refFee: Float64Array;
  private readonly refAt: Float64Array;

  private internals = 0;
  private readonly intId: Float64Array;
  private readonly intAmount: Float64Array;
  private readonly intAt: Float64Array;

  constructor(private readonly capacity: BookCapacity) {
    const g = capacity.channelRows;
    this.gInternal = new Float64Array(g);
    this.gIntAmount = new Float64Array(g);
    this.gIntRefunded = new Float64Array(g);
    this.gIntOk = new Uint8Array(g);
    this.gIntPosition = new Int8Array(g);
    this.firstId = new Float64Array(g).fill(NONE);
    this.firstAt = new Float64Array(g);
    this.firstPosition = new Int8Array(g);
    this.refundSum = new Float64Array(g);
    const p = capacity.periodRows;
    [this.payId, this.payGroup, this.payAmount, this.payFee, this.payAt] = [0, 1, 2, 3, 4].map(() => new Float64Array(p)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    [this.refId, this.refGroup, this.refAmount, this.refFee, this.refAt] = [0, 1, 2, 3, 4].map(() => new Float64Array(p)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
    const i = capacity.internalRows;
    [this.intId, this.intAmount, this.intAt] = [0, 1, 2].map(() => new Float64Array(i)) as [Float64Array, Float64Array, Float64Array];
  }

  private newGroup(internal: ChannelRowInput['internal'], orphan: string | null): number {
    const g = this.groups++;
    if (g >= this.capacity.channelRows) throw new Error('more channel rows than counted');
    this.gInternal[g] = internal?.id ?? NONE;
    this.gIntAmount[g] = internal?.amount ?? 0;
    this.gIntRefunded[g] = internal?.refunded ?? 0;
    this.gIntOk[g] = internal?.successful ? 1 : 0;
    this.gIntPosition[g] = internal?.position ?? 0;
    if (orphan !== null) this.gOrphan.set(g, orphan);
    return g;
  }

  private group(row: ChannelRowInput): number {
    if (row.internal !== null) {
      const known = this.byInternal.get(row.internal.id);
      if (known !== undefined) return known;
      const g = this.newGroup(row.internal, null);
      this.byInternal.set(row.internal.id, g);
      return g;
    }
    if (row.orphanOrderId === null) return this.newGroup(null, null);
    const known = this.byOrphan.get(row.orphanOrderId);
    if (known !== undefined) return known;
    const g = this.newGroup(null, row.orphanOrderId);
    this.byOrphan.set(row.orphanOrderId, g);
    return g;
  }

  /** Every channel row of the channel, any period. */
  addChannel(row: ChannelRowInput): void {
    const g = this.group(row);
    const inPeriod = row.position === 0;
    if (row.kind === 'refund') {
      this.refundSum[g]! += row.amount;
      if (inPeriod) {
        const i = this.refs++;
        if (this.refs + this.pays > this.capacity.periodRows) throw new Error('more period rows than counted');
        this.refId[i] = row.id;
        this.refGroup[i] = g;
        this.refAmount[i] = row.amount;
        this.refFee[i] = row.fee;
        this.refAt[i] = row.occurredAt;
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
      const i = this.pays++;
      if (this.refs + this.pays > this.capacity.periodRows) throw new Error('more period rows than counted');
      this.payId[i] = row.id;
      this.payGroup[i] = g;
      this.payAmount[i] = row.amount;
      this.payFee[i] = row.fee;
      this.payAt[i] = row.occurredAt;
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
    const k = this.internals++;
    if (k >= this.capacity.internalRows) throw new Error('more internal orders than counted');
    this.intId[k] = id;
    this.intAmount[k] = amount;
    this.intAt[k] = occurredAt;
  }

  /** Σ payment amounts of the period (gross), for the period cap. */
  periodGross(): number {
    let gross = 0;
    for (let i = 0; i < this.pays; i++) gross += this.payAmount[i]!;
    return gross;
  }

  classify(window: ClassifyWindow): Classification {
    if (this.ties.size > 0) throw new Error('resolveTies() must run before classify()');
    const matchChannel = new Float64Array(this.pays + this.refs);
    const matchInternal = new Float64Array(this.pays + this.refs);
    let matches = 0;
    const candidates: DifferenceCandidate[] = [];
    const releases: Classification['releases'] = [];
    let matchedPayments = 0;

    for (let i = 0; i < this.pays; i++) {
      const id = this.payId[i]!;
      const g = this.payGroup[i]!;
      const amount = this.payAmount[i]!;
      const net = amount - this.payFee[i]!;
      const at = this.payAt[i]!;
      const internalId = this.gInternal[g]!;
      const internalIds = internalId === NONE ? [] : [internalId];
      const orderId = this.gOrphan.get(g) ?? null;
      const base = { orderId, channelIds: [id], internalIds, channelAmount: amount, channelNet: net, occurredAt: at, releasedBy: null };
      if (this.firstId[g] !== id) {
        candidates.push({ ...base, key: `duplicate|c:${id}`, category: 'duplicate', internalAmount: 0, difference: amount });
        continue;
      }
      if (internalId !== NONE && this.gIntPosition[g]! < 0) releases.push({ internalId, channelId: id });
      if (internalId === NONE || this.gIntOk[g] !== 1) {
        candidates.push({ ...base, key: `channel_only|c:${id}`, category: 'channel_only', internalAmount: 0, difference: amount });
      } else if (this.gIntAmount[g] === amount) {
        matchChannel[matches] = id;
        matchInternal[matches++] = internalId;
        matchedPayments++;
      } else {
        const internalAmount = this.gIntAmount[g]!;
        candidates.push({ ...base, key: `amount_mismatch|c:${id}|i:${internalId}`, category: 'amount_mismatch', internalAmount, difference: amount - internalAmount });
      }
    }

    // Refunds of the period, one decision per order: they agree when the in-house refunded amount equals
    // every channel refund of the order imported so far (a partial refund may span periods).
    const refundsByGroup = new Map<number, number[]>();
    for (let i = 0; i < this.refs; i++) {
      const g = this.refGroup[i]!;
      const rows = refundsByGroup.get(g);
      if (rows) rows.push(i);
      else refundsByGroup.set(g, [i]);
    }
    for (const [g, rows] of refundsByGroup) {
      const internalId = this.gInternal[g]!;
      if (internalId !== NONE && this.gIntRefunded[g] === this.refundSum[g]) {
        for (const i of rows) {
          matchChannel[matches] = this.refId[i]!;
          matchInternal[matches++] = internalId;
        }
        continue;
      }
      const channelIds = rows.map((i) => this.refId[i]!);
      const internalAmount = internalId === NONE ? 0 : this.gIntRefunded[g]!;
      const orphan = this.gOrphan.get(g) ?? null;
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
    for (let k = 0; k < this.internals; k++) {
      const id = this.intId[k]!;
      const amount = this.intAmount[k]!;
      const at = this.intAt[k]!;
      const g = this.byInternal.get(id);
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
    return { matchChannel, matchInternal, matches, matchedPayments, candidates, releases };
  }
}
