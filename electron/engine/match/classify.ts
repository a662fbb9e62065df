// The classification rules of domain.md for one channel and one period, as a pure computation.
//
// The store does the key lookups (the merchant order id, then the channel transaction id, over indexed
// columns) and feeds each channel row of every imported period together with the internal order it
// found; then the period's internal orders. Rows are kept as parallel number arrays, not objects, and
// order ids never cross into JavaScript except for orders the in-house system does not know: that is
// what keeps 1,000,000 rows per side within seconds and a few hundred megabytes.
import type { Category } from '../../../shared/domain';
import { IdIndex } from './id-index';

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
  /** Σ net of the agreeing rows above (payments amount − fee, refunds −(amount − returned fee)). */
  matchedNet: number;
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

export interface PeriodFigures {
  paymentRows: number;
  refundRows: number;
  gross: number;
  refunds: number;
  /** Σ payment fees − Σ fees returned with refunds */
  fees: number;
}

/** Where a record's period lies relative to the period being classified. */
export type PeriodPosition = -1 | 0 | 1;

/**
 * Small facts of a channel row travel packed into one integer (every argument handed from SQLite to
 * JavaScript costs per row): bit 0 refund, bits 1-2 the row's period position + 1, bits 3-4 the internal
 * order's period position + 1, bit 5 the internal order is paid.
 */
export const ROW_REFUND = 1;
export const ROW_POSITION_SHIFT = 1;
export const ROW_INTERNAL_POSITION_SHIFT = 3;
export const ROW_INTERNAL_PAID = 32;

function positionOf(flags: number, shift: number): PeriodPosition {
  return (((flags >> shift) & 3) - 1) as PeriodPosition;
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
  private readonly byInternal: IdIndex;
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
    this.byInternal = new IdIndex(g);
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

  private newGroup(internalId: number, internalAmount: number, refunded: number, flags: number, orphan: string | null): number {
    const g = this.groups++;
    if (g >= this.capacity.channelRows) throw new Error('more channel rows than counted');
    this.gInternal[g] = internalId;
    this.gIntAmount[g] = internalAmount;
    this.gIntRefunded[g] = refunded;
    this.gIntOk[g] = flags & ROW_INTERNAL_PAID ? 1 : 0;
    this.gIntPosition[g] = internalId === NONE ? 0 : positionOf(flags, ROW_INTERNAL_POSITION_SHIFT);
    if (orphan !== null) this.gOrphan.set(g, orphan);
    return g;
  }

  private group(internalId: number | null, internalAmount: number | null, refunded: number | null, flags: number, orphanOrderId: string | null): number {
    if (internalId !== null) {
      const known = this.byInternal.get(internalId);
      if (known !== NONE) return known;
      const g = this.newGroup(internalId, internalAmount!, refunded ?? 0, flags, null);
      this.byInternal.set(internalId, g);
      return g;
    }
    if (orphanOrderId === null) return this.newGroup(NONE, 0, 0, 0, null);
    const known = this.byOrphan.get(orphanOrderId);
    if (known !== undefined) return known;
    const g = this.newGroup(NONE, 0, 0, 0, orphanOrderId);
    this.byOrphan.set(orphanOrderId, g);
    return g;
  }

  /**
   * Every channel row of the channel, any period, with the internal order its keys found (null: none;
   * then `orphanOrderId` is the row's order id, which groups its payments and refunds). Positional
   * arguments in the order the store reads them: a million calls must not build a million objects.
   */
  addChannel(id: number, amount: number, fee: number, occurredAt: number, internalId: number | null, internalAmount: number | null, refunded: number | null,
    flags: number, orphanOrderId: string | null): void {
    const g = this.group(internalId, internalAmount, refunded, flags, orphanOrderId);
    const position = positionOf(flags, ROW_POSITION_SHIFT);
    const inPeriod = position === 0;
    if (flags & ROW_REFUND) {
      this.refundSum[g]! += amount;
      if (inPeriod) {
        const i = this.refs++;
        if (this.refs + this.pays > this.capacity.periodRows) throw new Error('more period rows than counted');
        this.refId[i] = id;
        this.refGroup[i] = g;
        this.refAmount[i] = amount;
        this.refFee[i] = fee;
        this.refAt[i] = occurredAt;
      }
      return;
    }
    // The first payment of an order is the one classified; every further one is a duplicate.
    const first = this.firstId[g]!;
    if (first === NONE || occurredAt < this.firstAt[g]!) {
      this.firstId[g] = id;
      this.firstAt[g] = occurredAt;
      this.firstPosition[g] = position;
      if (this.ties.size > 0) this.ties.delete(g);
    } else if (occurredAt === this.firstAt[g]) {
      const tied = this.ties.get(g) ?? [{ id: first, position: this.firstPosition[g]! }];
      tied.push({ id, position });
      this.ties.set(g, tied);
    }
    if (inPeriod) {
      const i = this.pays++;
      if (this.refs + this.pays > this.capacity.periodRows) throw new Error('more period rows than counted');
      this.payId[i] = id;
      this.payGroup[i] = g;
      this.payAmount[i] = amount;
      this.payFee[i] = fee;
      this.payAt[i] = occurredAt;
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

  /** The period's channel-row figures (domain.md): gross also sizes the period cap. */
  periodFigures(): PeriodFigures {
    let gross = 0;
    let fees = 0;
    let refunds = 0;
    for (let i = 0; i < this.pays; i++) {
      gross += this.payAmount[i]!;
      fees += this.payFee[i]!;
    }
    for (let i = 0; i < this.refs; i++) {
      refunds += this.refAmount[i]!;
      fees -= this.refFee[i]!;
    }
    return { paymentRows: this.pays, refundRows: this.refs, gross, refunds, fees };
  }

  classify(window: ClassifyWindow): Classification {
    if (this.ties.size > 0) throw new Error('resolveTies() must run before classify()');
    const matchChannel = new Float64Array(this.pays + this.refs);
    const matchInternal = new Float64Array(this.pays + this.refs);
    let matches = 0;
    const candidates: DifferenceCandidate[] = [];
    const releases: Classification['releases'] = [];
    let matchedPayments = 0;
    let matchedNet = 0;

    for (let i = 0; i < this.pays; i++) {
      const id = this.payId[i]!;
      const g = this.payGroup[i]!;
      const amount = this.payAmount[i]!;
      const internalId = this.gInternal[g]!;
      const first = this.firstId[g] === id;
      if (first && internalId !== NONE && this.gIntPosition[g]! < 0) releases.push({ internalId, channelId: id });
      if (first && internalId !== NONE && this.gIntOk[g] === 1 && this.gIntAmount[g] === amount) {
        matchChannel[matches] = id;
        matchInternal[matches++] = internalId;
        matchedPayments++;
        matchedNet += amount - this.payFee[i]!;
        continue;
      }
      // Everything below is a difference: a few percent of the rows, so objects are fine from here on.
      const base = {
        orderId: this.gOrphan.get(g) ?? null, channelIds: [id], internalIds: internalId === NONE ? [] : [internalId], channelAmount: amount,
        channelNet: amount - this.payFee[i]!, occurredAt: this.payAt[i]!, releasedBy: null,
      };
      if (!first) {
        candidates.push({ ...base, key: `duplicate|c:${id}`, category: 'duplicate', internalAmount: 0, difference: amount });
      } else if (internalId === NONE || this.gIntOk[g] !== 1) {
        candidates.push({ ...base, key: `channel_only|c:${id}`, category: 'channel_only', internalAmount: 0, difference: amount });
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
          matchedNet -= this.refAmount[i]! - this.refFee[i]!;
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
      const paid = g !== NONE && this.firstId[g] !== NONE;
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
    return { matchChannel, matchInternal, matches, matchedPayments, matchedNet, candidates, releases };
  }
}
