// `match`: loads a channel's records, classifies one period (classify.ts), and stores the outcome in one
// write transaction: the matches, the differences (found again by their stable key so that every manual
// decision survives), automatic tolerance waivers up to the period cap, and the release of earlier
// periods' carried items. A preview runs the very same code and rolls the transaction back.
import { nextPeriod, SUCCESSFUL_INTERNAL_STATUSES, type ChannelSettings, type Period } from '../../../shared/domain';
import type { ChannelMatchResult, MatchRunResult } from '../../../shared/contract/match';
import { periodStart } from '../../../shared/time';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { channelReport, channelsWithActivity, rememberRowFigures, type RowFigures } from '../report';
import { assertPeriodOpen, isPeriodClosed } from '../resolve/periods';
import { appendAudit, currentOperator } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import { sqlList } from '../resolve/effects';
import { MatchBook, ROW_INTERNAL_PAID, ROW_INTERNAL_POSITION_SHIFT, ROW_POSITION_SHIFT, ROW_REFUND, type Classification, type DifferenceCandidate } from './classify';
import { BatchInsert } from './batch';
import { feedRows } from './feed';
import { IdIndex } from './id-index';
import { chooseAutoWaivers, periodCap } from './tolerance';
import { periodRecords, wholeRange } from '../workspace/record-ranges';

export interface MatchOptions {
  period: Period;
  channelId?: string;
  preview?: boolean;
}

/** Carries a preview's result out of the transaction it rolls back. */
class PreviewRollback extends Error {
  constructor(readonly result: MatchRunResult) {
    super('preview');
  }
}

export function runMatch(db: DB, options: MatchOptions): MatchRunResult {
  const { period } = options;
  const preview = options.preview ?? false;
  const explicit = options.channelId !== undefined;
  const channels = explicit ? [getChannel(db, options.channelId!)] : channelsWithActivity(db, period);
  const figures = new Map<string, RowFigures>();
  const work = (): MatchRunResult => ({
    period,
    preview,
    channels: channels.map((c) => {
      // Matching every channel passes over closed periods; naming a closed one is an error.
      if (explicit) assertPeriodOpen(db, c.id, period);
      else if (isPeriodClosed(db, c.id, period)) return skippedResult(c.id, period);
      return matchChannel(db, c, period, figures);
    }),
  });
  if (!preview) {
    const result = writeTransaction(db, work);
    // The report right after the run reuses the run's figures while nothing has changed since.
    rememberRowFigures(db, period, figures);
    return result;
  }
  try {
    writeTransaction(db, () => {
      throw new PreviewRollback(work());
    });
  } catch (e) {
    if (e instanceof PreviewRollback) return e.result;
    throw e;
  }
  throw new Error('preview transaction did not roll back');
}

function skippedResult(channel: string, period: string): ChannelMatchResult {
  return {
    channel, period, skipped: 'closed', matchedPayments: 0, agreedRefundRows: 0, added: 0, changed: 0, gone: 0, unchanged: 0, decisionsKept: 0,
    autoWaived: 0, autoWaivedMinor: 0, capReached: false, released: 0,
    byCategory: { amount_mismatch: 0, channel_only: 0, internal_only: 0, carried_forward: 0, refund_mismatch: 0, duplicate: 0 },
    report: null,
  };
}

const SUCCESSFUL = `(${sqlList(SUCCESSFUL_INTERNAL_STATUSES)})`;
/** 0, 1 or 2: the record's period before, at or after @period (+1), with one comparison for most rows. */
const POSITION = (col: string) => `iif(${col} = @period, 1, iif(${col} > @period, 2, 0))`;
/** Bit 6 of a row's packed flags (after classify.ts's ROW_* bits): a record in another currency than the channel's. */
const FOREIGN = 64;

/** Bit 7 of a streamed row's packed flags: an internal order (otherwise a channel row). */
const INTERNAL = 128;
/** Bit 8: a channel row that carries a channel transaction id (the second key). */
const HAS_TXN = 256;
/** The bits an internal order lends to the channel rows it matches (classify.ts ROW_*). */
const INTERNAL_FACTS = (3 << ROW_INTERNAL_POSITION_SHIFT) | ROW_INTERNAL_PAID;
const NONE = -1;

/**
 * Feeds the book: every channel row of the channel (all periods) with the internal order its keys find
 * (the merchant order id, then the channel transaction id; the lowest record id owns a key exported
 * twice), then the period's internal orders.
 *
 * The order-id key is a merge join: one query streams the channel's internal payments and channel rows,
 * both read in order id order over records_order and merged by SQLite (a compound SELECT with ORDER BY
 * merges its sorted arms; on equal keys the left arm, the internal side, comes first). JavaScript only
 * compares each channel row's order id with the last internal order id seen, instead of SQLite seeking
 * the index once per channel row (~0.7 s of a million-row run). SQLite keeps the ORDER BY of a FROM
 * subquery whose outer query uses an aggregate other than count/min/max (feedRows' aggregate), and an
 * internal row arriving after a channel row of its order id stops the run rather than match wrongly.
 * Channel rows no order id matched are looked up by transaction id afterwards, in one query, so they
 * are buffered and handed to the book in the order they were read (which fixes the order of the
 * differences and so their ids).
 */
function loadBook(db: DB, channel: ChannelSettings, period: Period): MatchBook {
  const params = { channel: channel.id, period, currency: channel.currency };
  // The channel rows are counted first so that their columns are allocated once; the book's other
  // bounds (the period's rows on either side) are counted while the rows stream by.
  const rows = db.prepare("SELECT COUNT(*) FROM records WHERE channel_id = @channel AND side = 'channel'").pluck().get(params) as number;
  let periodRows = 0;
  let foreign = false;

  // The channel rows as read, each with the internal order found for it.
  const cId = new Float64Array(rows);
  const cAmount = new Float64Array(rows);
  const cFee = new Float64Array(rows);
  const cAt = new Float64Array(rows);
  const cFlags = new Int32Array(rows);
  const iId = new Float64Array(rows);
  const iAmount = new Float64Array(rows);
  const iRefunded = new Float64Array(rows);
  /** Order ids of channel rows without an internal order (so far): they group the row's payments and refunds. */
  const orphans = new Map<number, string>();
  /** Channel rows that await the transaction-id lookup. */
  const pending: number[] = [];
  let n = 0;
  // The period's internal orders, paid ones only (addInternalOfPeriod skips the others), as read.
  const pId: number[] = [];
  const pAmount: number[] = [];
  const pAt: number[] = [];
  // The first internal payment (lowest id) of the last order id read, and the last channel row's order id.
  let order: string | null = null;
  let orderInternal = NONE;
  let orderAmount = 0;
  let orderRefunded = 0;
  let orderFlags = 0;
  let lastChannelOrder: string | null = null;

  feedRows(db, 'id, a, b, t, flags, o', `FROM (
      SELECT id, amount_minor AS a, refunded_minor AS b, occurred_at AS t, order_id AS o,
        ${INTERNAL} + (${POSITION('period')} << ${ROW_INTERNAL_POSITION_SHIFT}) + ${ROW_INTERNAL_PAID} * COALESCE(status IN ${SUCCESSFUL}, 0)
          + ${FOREIGN} * (currency <> @currency) AS flags
      FROM records INDEXED BY records_order WHERE channel_id = @channel AND side = 'internal' AND kind = 'payment'
      UNION ALL
      SELECT id, amount_minor, fee_minor, occurred_at, order_id,
        (kind = 'refund') * ${ROW_REFUND} + (${POSITION('period')} << ${ROW_POSITION_SHIFT}) + ${FOREIGN} * (currency <> @currency) + ${HAS_TXN} * (channel_txn_id IS NOT NULL)
      FROM records INDEXED BY records_order WHERE channel_id = @channel AND side = 'channel'
      ORDER BY o)`, params,
  (id: number, amount: number, feeOrRefunded: number | null, occurredAt: number, flags: number, orderId: string | null) => {
    if (flags & INTERNAL) {
      if (((flags >> ROW_INTERNAL_POSITION_SHIFT) & 3) === 1) {
        if (flags & FOREIGN) foreign = true;
        if (flags & ROW_INTERNAL_PAID) {
          pId.push(id);
          pAmount.push(amount);
          pAt.push(occurredAt);
        }
      }
      if (orderId === null) return;
      if (orderId === lastChannelOrder) throw new Error(`order id merge out of order at record ${id}`);
      if (orderId !== order || id < orderInternal) {
        order = orderId;
        orderInternal = id;
        orderAmount = amount;
        orderRefunded = feeOrRefunded ?? 0;
        orderFlags = flags;
      }
      return;
    }
    if (n >= rows) throw new Error('more channel rows than counted');
    const k = n++;
    cId[k] = id;
    cAmount[k] = amount;
    cFee[k] = feeOrRefunded!;
    cAt[k] = occurredAt;
    if (((flags >> ROW_POSITION_SHIFT) & 3) === 1) periodRows++;
    lastChannelOrder = orderId;
    if (flags & FOREIGN) foreign = true;
    if (orderId !== null && orderId === order) {
      if (orderFlags & FOREIGN) foreign = true;
      cFlags[k] = flags | (orderFlags & INTERNAL_FACTS);
      iId[k] = orderInternal;
      iAmount[k] = orderAmount;
      iRefunded[k] = orderRefunded;
      return;
    }
    cFlags[k] = flags;
    iId[k] = NONE;
    if (orderId !== null) orphans.set(k, orderId);
    if (flags & HAS_TXN) pending.push(k);
  });

  if (pending.length > 0) {
    const rowOf = new Map(pending.map((k) => [cId[k]!, k]));
    const found = db.prepare(`SELECT c.id, i.id, i.amount_minor, i.refunded_minor,
        (${POSITION('i.period')} << ${ROW_INTERNAL_POSITION_SHIFT}) + ${ROW_INTERNAL_PAID} * COALESCE(i.status IN ${SUCCESSFUL}, 0) + ${FOREIGN} * (i.currency <> @currency)
      FROM records c JOIN records i ON i.id = (SELECT x.id FROM records x WHERE x.channel_id = c.channel_id AND x.side = 'internal' AND x.channel_txn_id = c.channel_txn_id
        AND x.kind = 'payment' ORDER BY x.id LIMIT 1)
      WHERE c.id IN (SELECT value FROM json_each(@ids))`).raw(true)
      .all({ ...params, ids: JSON.stringify([...rowOf.keys()]) }) as [number, number, number, number | null, number][];
    for (const [channelRecord, internalId, internalAmount, refunded, flags] of found) {
      const k = rowOf.get(channelRecord)!;
      if (flags & FOREIGN) foreign = true;
      cFlags[k] = cFlags[k]! | (flags & INTERNAL_FACTS);
      iId[k] = internalId;
      iAmount[k] = internalAmount;
      iRefunded[k] = refunded ?? 0;
      orphans.delete(k);
    }
  }
  if (foreign) throw foreignCurrency(db, channel);
  const p = pId.length;
  const book = new MatchBook({ channelRows: rows, periodRows, internalRows: p });
  for (let k = 0; k < n; k++) {
    const internalId = iId[k]!;
    if (internalId === NONE) book.addChannel(cId[k]!, cAmount[k]!, cFee[k]!, cAt[k]!, null, null, null, cFlags[k]!, orphans.get(k) ?? null);
    else book.addChannel(cId[k]!, cAmount[k]!, cFee[k]!, cAt[k]!, internalId, iAmount[k]!, iRefunded[k]!, cFlags[k]!, null);
  }
  // The period's internal orders go to the book in record id order, as the classification lists them.
  let sorted = true;
  for (let j = 1; j < p && sorted; j++) sorted = pId[j - 1]! < pId[j]!;
  if (sorted) {
    for (let j = 0; j < p; j++) book.addInternalOfPeriod(pId[j]!, pAmount[j]!, true, pAt[j]!);
  } else {
    const slot = new IdIndex(p);
    for (let j = 0; j < p; j++) slot.set(pId[j]!, j);
    const ids = Float64Array.from(pId).sort();
    for (const id of ids) {
      const j = slot.get(id);
      book.addInternalOfPeriod(id, pAmount[j]!, true, pAt[j]!);
    }
  }
  const tied = book.tiedPayments();
  if (tied.length > 0) {
    const txns = db.prepare('SELECT id, channel_txn_id FROM records WHERE id IN (SELECT value FROM json_each(?))').raw(true).all(JSON.stringify(tied)) as [number, string | null][];
    book.resolveTies(new Map(txns));
  }
  return book;
}

/**
 * Amounts of different currencies are never compared or added; a record in another currency means the
 * file belongs to another channel (e.g. the USD account of a PSP) or the profile is wrong.
 */
function foreignCurrency(db: DB, channel: ChannelSettings): UserError {
  const counts = db.prepare('SELECT currency, COUNT(*) AS n FROM records WHERE channel_id = ? AND currency <> ? GROUP BY currency ORDER BY currency')
    .all(channel.id, channel.currency) as { currency: string; n: number }[];
  const list = counts.map((c) => `${c.currency} ×${c.n}`).join(', ');
  return new UserError(
    'match.foreign_currency',
    `渠道 ${channel.id} 的币种是 ${channel.currency}，但有记录使用其他币种（${list}）。不同币种不能一起对账：请把这些记录导入到对应币种的渠道。`,
    `Channel ${channel.id} works in ${channel.currency}, but some of its records are in another currency (${list}). Currencies are never mixed: import those records into a channel of their currency.`,
    { channel: channel.id, currency: channel.currency, foreign: Object.fromEntries(counts.map((c) => [c.currency, c.n])) },
  );
}

/**
 * Brings the period's automatic matches in line with the classification. Only what differs is written:
 * a re-run over unchanged data writes nothing (a pair keeps the run that first found it in run_id), and
 * a first run appends in multi-row inserts.
 */
function writeMatches(db: DB, channelId: string, period: string, cls: Classification, runId: number, firstRun: boolean): void {
  // Matches are keyed by channel record and a run only matches rows of its period, so the period's rows
  // (in rowid order over their ranges) find every match that belongs to it. Only runs write matches,
  // each with its match_runs row: before the first run of the period there are none to read.
  const capacity = firstRun ? 0 : cls.matchChannel.length;
  const existing = new IdIndex(capacity);
  const oldChannel = new Float64Array(capacity);
  const oldInternal = new Float64Array(capacity);
  let old = 0;
  // A range that holds only this period's rows (a monthly bill) is read straight off the matches
  // table, which is keyed by channel record id; only a mixed range needs the records themselves.
  if (!firstRun) feedRows(db, 'channel_record_id, internal_record_id', `FROM (
      SELECT m.channel_record_id, m.internal_record_id FROM record_ranges g CROSS JOIN matches m ON m.channel_record_id BETWEEN g.first_id AND g.last_id
      WHERE g.channel_id = @channel AND g.period = @period AND g.side = 'channel' AND ${wholeRange('g')}
    UNION ALL
      SELECT m.channel_record_id, m.internal_record_id FROM ${periodRecords('r')} JOIN matches m ON m.channel_record_id = r.id
      WHERE r_range.channel_id = @channel AND r_range.period = @period AND r_range.side = 'channel' AND NOT ${wholeRange('r_range')})`,
  { channel: channelId, period }, (channelRecord: number, internalRecord: number) => {
    existing.set(channelRecord, old);
    oldChannel[old] = channelRecord;
    oldInternal[old++] = internalRecord;
  });
  const kept = new Uint8Array(old);
  // run_id is the same for every row: written as a literal rather than bound a million times.
  const insert = new BatchInsert(db, 'INSERT INTO matches (channel_record_id, internal_record_id, run_id)', 2, 1000, undefined, String(Math.trunc(runId)));
  const update = db.prepare('UPDATE matches SET internal_record_id = ?, run_id = ? WHERE channel_record_id = ?');
  for (let k = 0; k < cls.matches; k++) {
    const c = cls.matchChannel[k]!;
    const i = cls.matchInternal[k]!;
    const e = existing.get(c);
    if (e === -1) {
      insert.add2(c, i);
      continue;
    }
    kept[e] = 1;
    if (oldInternal[e] !== i) update.run(i, runId, c);
  }
  insert.flush();
  const remove = db.prepare('DELETE FROM matches WHERE channel_record_id = ?');
  for (let e = 0; e < old; e++) if (kept[e] === 0) remove.run(oldChannel[e]);
}

interface ExistingDifference {
  id: number;
  diff_key: string;
  category: string;
  order_id: string | null;
  channel_amount_minor: number;
  internal_amount_minor: number;
  difference_minor: number;
  channel_net_minor: number;
  occurred_at: number;
  active: number;
  status: 'open' | 'resolved';
  resolution: string | null;
  reason: string | null;
  resolved_at: string | null;
  user_decided: number;
  released_by_record_id: number | null;
  links: string | null;
}

interface AutomaticState {
  status: 'open' | 'resolved';
  resolution: 'waive' | 'released' | null;
  reason: 'tolerance' | 'released' | null;
  releasedBy: number | null;
}

function linksOf(c: DifferenceCandidate): string {
  return [...c.channelIds, ...c.internalIds].sort((a, b) => a - b).join(',');
}

type DifferenceOutcome = Pick<ChannelMatchResult, 'added' | 'changed' | 'gone' | 'unchanged' | 'decisionsKept' | 'autoWaived' | 'autoWaivedMinor' | 'capReached'>;

function applyDifferences(db: DB, channel: ChannelSettings, period: string, cls: Classification, gross: number, runId: number, now: string): DifferenceOutcome {
  const existing = new Map<string, ExistingDifference>();
  const rows = db.prepare(`SELECT d.id, d.diff_key, d.category, d.order_id, d.channel_amount_minor, d.internal_amount_minor, d.difference_minor, d.channel_net_minor,
      d.occurred_at, d.active, d.status, d.resolution, d.reason, d.resolved_at, d.user_decided, d.released_by_record_id,
      (SELECT group_concat(record_id) FROM (SELECT record_id FROM difference_records WHERE difference_id = d.id ORDER BY record_id)) AS links
    FROM differences d WHERE d.channel_id = ? AND d.period = ?`).all(channel.id, period) as ExistingDifference[];
  for (const r of rows) existing.set(r.diff_key, r);

  // Tolerance: explicit waivers a person made count against the cap first; automatic ones fill the rest.
  const decided = (c: DifferenceCandidate) => existing.get(c.key)?.user_decided === 1;
  let userWaived = 0;
  for (const c of cls.candidates) {
    const e = existing.get(c.key);
    if (e?.user_decided === 1 && e.status === 'resolved' && e.resolution === 'waive') userWaived += Math.abs(c.difference);
  }
  const cap = periodCap(channel, gross);
  const waivers = chooseAutoWaivers(
    cls.candidates.filter((c) => c.category === 'amount_mismatch' && !decided(c)).map((c) => ({ key: c.key, difference: c.difference, occurredAt: c.occurredAt, channelId: c.channelIds[0]! })),
    channel.toleranceMinor,
    cap === null ? null : Math.max(0, cap - userWaived),
  );

  // New differences get their ids here, as SQLite would (one above the highest; differences are never
  // deleted), so that they and their links go out in multi-row inserts.
  let nextId = (db.prepare('SELECT COALESCE(MAX(id), 0) FROM differences').pluck().get() as number) + 1;
  const insert = new BatchInsert(db, `INSERT INTO differences (id, channel_id, period, diff_key, category, order_id, currency, channel_amount_minor, internal_amount_minor,
      difference_minor, channel_net_minor, occurred_at, active, status, resolution, reason, resolved_by, resolved_at, user_decided, released_by_record_id, first_run_id, last_run_id,
      created_at, updated_at)`, 24, 100);
  const links = new BatchInsert(db, 'INSERT INTO difference_records (difference_id, record_id, side)', 3, 500, insert);
  const updateFacts = db.prepare(`UPDATE differences SET category = @category, order_id = @orderId, channel_amount_minor = @channelAmount, internal_amount_minor = @internalAmount,
      difference_minor = @difference, channel_net_minor = @channelNet, occurred_at = @occurredAt, active = 1, last_run_id = @runId, updated_at = @now WHERE id = @id`);
  const updateState = db.prepare(`UPDATE differences SET status = @status, resolution = @resolution, reason = @reason, resolved_by = @resolvedBy, resolved_at = @resolvedAt,
      released_by_record_id = @releasedBy WHERE id = @id`);
  const clearLinks = db.prepare('DELETE FROM difference_records WHERE difference_id = ?');
  const deactivate = db.prepare('UPDATE differences SET active = 0, last_run_id = ?, updated_at = ? WHERE id = ?');
  const writeLinks = (id: number, c: DifferenceCandidate) => {
    for (const r of c.channelIds) links.add(id, r, 'channel');
    for (const r of c.internalIds) links.add(id, r, 'internal');
  };

  const outcome: DifferenceOutcome = { added: 0, changed: 0, gone: 0, unchanged: 0, decisionsKept: 0, autoWaived: waivers.keys.size, autoWaivedMinor: waivers.total, capReached: waivers.capReached };
  const seen = new Set<string>();
  for (const c of cls.candidates) {
    seen.add(c.key);
    const auto: AutomaticState = waivers.keys.has(c.key)
      ? { status: 'resolved', resolution: 'waive', reason: 'tolerance', releasedBy: null }
      : c.category === 'carried_forward' && c.releasedBy !== null
        ? { status: 'resolved', resolution: 'released', reason: 'released', releasedBy: c.releasedBy }
        : { status: 'open', resolution: null, reason: null, releasedBy: null };
    const facts = {
      category: c.category, orderId: c.orderId, channelAmount: c.channelAmount, internalAmount: c.internalAmount, difference: c.difference,
      channelNet: c.channelNet, occurredAt: c.occurredAt, runId, now,
    };
    const e = existing.get(c.key);
    const resolvedBy = auto.status === 'resolved' ? 'system' : null;
    if (!e) {
      const id = nextId++;
      insert.add(id, channel.id, period, c.key, c.category, c.orderId, channel.currency, c.channelAmount, c.internalAmount, c.difference, c.channelNet, c.occurredAt, 1,
        auto.status, auto.resolution, auto.reason, resolvedBy, auto.status === 'resolved' ? now : null, 0, auto.releasedBy, runId, runId, now, now);
      writeLinks(id, c);
      outcome.added++;
      continue;
    }
    const factsChanged = e.active !== 1 || e.category !== c.category || e.order_id !== c.orderId || e.channel_amount_minor !== c.channelAmount
      || e.internal_amount_minor !== c.internalAmount || e.difference_minor !== c.difference || e.channel_net_minor !== c.channelNet || e.occurred_at !== c.occurredAt;
    const linksChanged = (e.links ?? '') !== linksOf(c);
    let stateChanged = false;
    if (e.user_decided === 1) outcome.decisionsKept++;
    else if (e.status !== auto.status || e.resolution !== auto.resolution || e.reason !== auto.reason || e.released_by_record_id !== auto.releasedBy) {
      stateChanged = true;
      updateState.run({ id: e.id, ...auto, resolvedBy, resolvedAt: auto.status === 'resolved' ? now : null });
    }
    if (factsChanged || linksChanged || stateChanged) updateFacts.run({ ...facts, id: e.id });
    if (linksChanged) {
      clearLinks.run(e.id);
      writeLinks(e.id, c);
    }
    if (factsChanged || linksChanged || stateChanged) outcome.changed++;
    else outcome.unchanged++;
  }
  links.flush();
  // Differences the data no longer produces (the missing order arrived, an amount was corrected) leave the
  // lists but keep their history and any decision, in case the same facts come back.
  for (const e of existing.values()) {
    if (e.active === 1 && !seen.has(e.diff_key)) {
      deactivate.run(runId, now, e.id);
      outcome.gone++;
    }
  }
  return outcome;
}

/**
 * A first channel payment of this period for an internal order of an earlier period releases that
 * period's carried item, even when the earlier period is closed: the release changes none of its figures
 * (a carried item has no channel net and is not a claim), it only records where the money arrived.
 */
function releaseEarlier(db: DB, channelId: string, cls: Classification, now: string): number {
  const release = db.prepare(`UPDATE differences SET status = 'resolved', resolution = 'released', reason = 'released', released_by_record_id = ?,
      resolved_by = 'system', resolved_at = ?, updated_at = ?
    WHERE channel_id = ? AND period = (SELECT period FROM records WHERE id = ?) AND diff_key = ? AND active = 1 AND user_decided = 0 AND status = 'open'`);
  let released = 0;
  for (const r of cls.releases) released += release.run(r.channelId, now, now, channelId, r.internalId, `carried_forward|i:${r.internalId}`).changes;
  return released;
}

/** What a run's outcome depends on besides audited actions: kept in its summary for the re-run shortcut. */
interface RunInputs {
  /** The highest record id in the workspace when the run read the records. */
  lastRecord: number;
  /** The channel's settings the run used. */
  channel: string;
}

/** A run's summary in match_runs: its result, the row figures of its report, and its inputs. */
interface StoredSummary extends Omit<ChannelMatchResult, 'report'> {
  rows: RowFigures;
  inputs: RunInputs;
  /** Set on a re-run that found nothing changed: the run whose classification it reused. */
  reusedFrom?: number;
}

interface PreviousRun {
  id: number;
  summary: string;
}

function runInputs(db: DB, channel: ChannelSettings): RunInputs {
  return { lastRecord: db.prepare('SELECT COALESCE(MAX(id), 0) FROM records').pluck().get() as number, channel: JSON.stringify(channel) };
}

/**
 * The re-run shortcut. A run's outcome depends on the records, the channel's settings and the decisions
 * people made, and every import, settings change and decision is an audited action. So when the audit log
 * holds nothing after this channel's last run of the period but runs of other channels, and no record was
 * added since (tests and tools also write records without an audit entry), a full run would find every
 * match and difference as they are, write none of them and count the same: that run's result stands.
 * Returns its summary then, else null (a full run follows).
 */
function unchangedSince(db: DB, channel: ChannelSettings, previous: PreviousRun | undefined, inputs: RunInputs): StoredSummary | null {
  if (!previous) return null;
  const stored = JSON.parse(previous.summary) as Partial<StoredSummary>;
  if (!stored.rows || !stored.inputs || stored.inputs.lastRecord !== inputs.lastRecord || stored.inputs.channel !== inputs.channel) return null;
  const ownEntry = db.prepare("SELECT id FROM audit_log WHERE action = 'match.run' AND channel_id = ? AND subject = ?").pluck().get(channel.id, `run ${previous.id}`) as number | undefined;
  if (ownEntry === undefined) return null;
  const later = db.prepare(`SELECT 1 FROM audit_log WHERE id > ? AND NOT (action = 'match.run' AND channel_id IS NOT NULL AND channel_id <> ?) LIMIT 1`).get(ownEntry, channel.id);
  return later === undefined ? (stored as StoredSummary) : null;
}

/** `figures`: receives the channel's row figures, for the report after the commit (rememberRowFigures). */
function matchChannel(db: DB, channel: ChannelSettings, period: Period, figures: Map<string, RowFigures>): ChannelMatchResult {
  const previous = db.prepare('SELECT id, summary FROM match_runs WHERE channel_id = ? AND period = ? ORDER BY id DESC LIMIT 1').get(channel.id, period) as PreviousRun | undefined;
  const inputs = runInputs(db, channel);
  const unchanged = unchangedSince(db, channel, previous, inputs);
  if (unchanged) return repeatRun(db, channel, period, figures, previous!, unchanged);

  const book = loadBook(db, channel, period);
  const next = nextPeriod(period);
  const nextPeriodImported = db.prepare("SELECT 1 FROM record_ranges WHERE channel_id = ? AND period = ? AND side = 'channel' LIMIT 1").get(channel.id, next) !== undefined;
  const cls = book.classify({ periodEnd: periodStart(next, channel.timeZone), cutoffSeconds: channel.cutoffSeconds, nextPeriodImported });
  // Order ids cross into JavaScript only for the few rows in differences, in one query.
  const lacking = cls.candidates.filter((c) => c.orderId === null);
  const orderOf = new Map(db.prepare('SELECT id, order_id FROM records WHERE id IN (SELECT value FROM json_each(?))').raw(true)
    .all(JSON.stringify(lacking.map((c) => c.channelIds[0] ?? c.internalIds[0]))) as [number, string | null][]);
  for (const c of lacking) c.orderId = orderOf.get((c.channelIds[0] ?? c.internalIds[0])!) ?? null;
  const computed = book.periodFigures();
  const now = new Date().toISOString();
  const runId = startRun(db, channel.id, period, now);

  writeMatches(db, channel.id, period, cls, runId, previous === undefined);
  const outcome = applyDifferences(db, channel, period, cls, computed.gross, runId, now);
  const released = releaseEarlier(db, channel.id, cls, now);
  const byCategory: ChannelMatchResult['byCategory'] = { amount_mismatch: 0, channel_only: 0, internal_only: 0, carried_forward: 0, refund_mismatch: 0, duplicate: 0 };
  for (const c of cls.candidates) byCategory[c.category]++;
  // Right after the run every period row is matched or in a difference: nothing is unmatched.
  const rows: RowFigures = {
    payment_rows: computed.paymentRows, refund_rows: computed.refundRows, gross: computed.gross, refunds: computed.refunds, fees: computed.fees,
    matched: cls.matchedPayments, matched_net: cls.matchedNet, unmatched_rows: 0, unmatched_net: 0,
  };
  const report = channelReport(db, channel, period, rows);
  figures.set(channel.id, rows);
  const result: ChannelMatchResult = {
    channel: channel.id, period, skipped: null, matchedPayments: cls.matchedPayments, agreedRefundRows: cls.matches - cls.matchedPayments,
    ...outcome, released, byCategory, report,
  };
  finishRun(db, result, runId, previous, { rows, inputs });
  return result;
}

/**
 * A re-run over unchanged data (unchangedSince): what a full run would return — every difference found
 * again unchanged, nothing added, gone or released — from the last run's summary, and the report from its
 * stored row figures, without reading the rows again.
 */
function repeatRun(db: DB, channel: ChannelSettings, period: Period, figures: Map<string, RowFigures>, previous: PreviousRun, stored: StoredSummary): ChannelMatchResult {
  const runId = startRun(db, channel.id, period, new Date().toISOString());
  const report = channelReport(db, channel, period, stored.rows);
  figures.set(channel.id, stored.rows);
  const differences = Object.values(stored.byCategory).reduce((a, b) => a + b, 0);
  const result: ChannelMatchResult = {
    channel: channel.id, period, skipped: null, matchedPayments: stored.matchedPayments, agreedRefundRows: stored.agreedRefundRows,
    added: 0, changed: 0, gone: 0, unchanged: differences, decisionsKept: stored.decisionsKept,
    autoWaived: stored.autoWaived, autoWaivedMinor: stored.autoWaivedMinor, capReached: stored.capReached, released: 0,
    byCategory: stored.byCategory, report,
  };
  finishRun(db, result, runId, previous, { rows: stored.rows, inputs: stored.inputs, reusedFrom: previous.id });
  return result;
}

function startRun(db: DB, channelId: string, period: Period, now: string): number {
  return Number(db.prepare("INSERT INTO match_runs (channel_id, period, ran_at, ran_by, summary) VALUES (?, ?, ?, ?, '{}')")
    .run(channelId, period, now, currentOperator(db)).lastInsertRowid);
}

/** Stores the run's summary and its audit entry (which the next run's shortcut looks for by subject). */
function finishRun(db: DB, result: ChannelMatchResult, runId: number, previous: PreviousRun | undefined, kept: Pick<StoredSummary, 'rows' | 'inputs' | 'reusedFrom'>): void {
  const report = result.report!;
  const summary = { ...result, report: { net: report.net, agreed: report.agreed, disputed: report.disputed, claims: report.claims }, ...kept };
  db.prepare('UPDATE match_runs SET summary = ? WHERE id = ?').run(JSON.stringify(summary), runId);
  appendAudit(db, { action: 'match.run', channelId: result.channel, period: result.period, subject: `run ${runId}`, before: previous ? JSON.parse(previous.summary) : null, after: summary });
}
