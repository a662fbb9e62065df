import { afterEach, describe, expect, it } from 'vitest';
import { runMatch } from '../../../electron/engine/match/run';
import { listSuggestions } from '../../../electron/engine/match/suggest';
import { computeReport, getDifference, listDifferences } from '../../../electron/engine/report';
import { assertPeriodOpen, closePeriod, reopenPeriod } from '../../../electron/engine/resolve/periods';
import { bulkResolve, manualMatch, resolveDifference, undoDifference } from '../../../electron/engine/resolve/resolve';
import { listAudit } from '../../../electron/engine/workspace/audit';
import type { DB } from '../../../electron/engine/workspace/db';
import type { ChannelSettings } from '../../../shared/domain';
import { tempWorkspace } from '../../helpers/workspace';
import { Ledger } from './ledger';
import { userError } from '../../helpers/user-error';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function setup(settings: Partial<ChannelSettings> = {}, id = 'alipay') {
  const t = tempWorkspace();
  cleanup = t.cleanup;
  const l = new Ledger(t.ws.db).channel(id, settings);
  return { db: t.ws.db, l };
}

const report = (db: DB, period: string, channelId = 'alipay') => computeReport(db, { period, channelId }).channels[0]!;
const diff = (db: DB, period: string, category: string, orderId: string | null, channelId = 'alipay') => {
  const d = listDifferences(db, { channelId, period, limit: 1000 }).find((x) => x.category === category && x.orderId === orderId);
  if (!d) throw new Error(`no ${category} difference for ${orderId}`);
  return d;
};


describe('cross-midnight and carried items', () => {
  it('carries an order paid minutes before month end and releases it when its payment arrives next month', () => {
    const { db, l } = setup();
    l.both('alipay', { order: 'S1', at: '2026-09-10 10:00:00', amount: 1000, fee: 6 });
    const late = l.order('alipay', { order: 'X', at: '2026-09-30 23:58:00', amount: 2000 });
    runMatch(db, { period: '2026-09' });
    expect(report(db, '2026-09').counts.carried_forward).toBe(1);
    expect(diff(db, '2026-09', 'carried_forward', 'X').status).toBe('open');
    expect(report(db, '2026-09').claims).toBe(0);

    const payment = l.pay('alipay', { order: 'X', at: '2026-10-01 00:01:30', amount: 2000, fee: 12 });
    l.both('alipay', { order: 'O1', at: '2026-10-05 10:00:00', amount: 500, fee: 3 });
    const run = runMatch(db, { period: '2026-10' }).channels[0]!;
    expect(run.released).toBe(1);
    const oct = report(db, '2026-10');
    expect(oct.counts.matched).toBe(2);
    expect(oct.agreed).toBe(2000 - 12 + 500 - 3);
    const carried = diff(db, '2026-09', 'carried_forward', 'X');
    expect([carried.status, carried.resolution, carried.releasedByRecordId]).toEqual(['resolved', 'released', payment]);
    expect(carried.internal.map((r) => r.id)).toEqual([late]);
    // the category stays visible in September after a re-run
    runMatch(db, { period: '2026-09' });
    expect(report(db, '2026-09').counts.carried_forward).toBe(1);
    expect(diff(db, '2026-09', 'carried_forward', 'X').resolution).toBe('released');
  });

  it('counts an order paid before the cut-off window, or once next month is imported without it, as internal_only', () => {
    const { db, l } = setup({ cutoffSeconds: 600 });
    l.order('alipay', { order: 'EARLY', at: '2026-09-30 23:49:59', amount: 1500 });
    l.order('alipay', { order: 'LATE', at: '2026-09-30 23:50:00', amount: 2500 });
    runMatch(db, { period: '2026-09' });
    expect(diff(db, '2026-09', 'internal_only', 'EARLY').internalAmountMinor).toBe(1500);
    expect(diff(db, '2026-09', 'carried_forward', 'LATE').internalAmountMinor).toBe(2500);
    expect(report(db, '2026-09').claims).toBe(1500);

    l.both('alipay', { order: 'O1', at: '2026-10-02 10:00:00', amount: 500, fee: 3 });
    const rerun = runMatch(db, { period: '2026-09' }).channels[0]!;
    expect(rerun.gone).toBe(1);
    expect(diff(db, '2026-09', 'internal_only', 'LATE').internalAmountMinor).toBe(2500);
    expect(report(db, '2026-09').claims).toBe(1500 + 2500);
  });

  it('uses the channel time zone for the month end (a UTC channel)', () => {
    const { db, l } = setup({ timeZone: 'UTC' });
    // 23:55 UTC on 30 Sep is 07:55 on 1 Oct in Shanghai: still September for a UTC channel
    l.order('alipay', { order: 'U', at: '2026-09-30 23:55:00', amount: 900 });
    runMatch(db, { period: '2026-09' });
    expect(report(db, '2026-09').counts.carried_forward).toBe(1);
  });
});

describe('tolerance and the period cap', () => {
  function mismatches(settings: Partial<ChannelSettings>, differences: number[]) {
    const s = setup(settings);
    differences.forEach((d, i) => {
      s.l.order('alipay', { order: `M${i}`, at: `2026-09-1${i} 10:00:00`, amount: 10000 });
      s.l.pay('alipay', { order: `M${i}`, at: `2026-09-1${i} 10:00:01`, amount: 10000 + d, fee: 0 });
    });
    return s;
  }

  it('waives at or under the per-item tolerance, not above it', () => {
    const { db } = mismatches({}, [100, -100, 101]);
    const r = runMatch(db, { period: '2026-09' }).channels[0]!.report!;
    expect(r.counts.amount_mismatch).toBe(3);
    expect(r.counts.waived).toBe(2);
    expect(r.agreed).toBe(10100 + 9900);
    expect(r.disputed).toBe(10101);
  });

  it('waives nothing with a tolerance of 0', () => {
    const { db } = mismatches({ toleranceMinor: 0 }, [1, -1]);
    expect(runMatch(db, { period: '2026-09' }).channels[0]!.report!.counts.waived).toBe(0);
  });

  it('stops auto-waiving in time order at the absolute cap; waiving beyond needs an explicit action', () => {
    const { db } = mismatches({ periodCapMinor: 200 }, [80, 80, 80, 10]);
    const run = runMatch(db, { period: '2026-09' }).channels[0]!;
    expect(run.capReached).toBe(true);
    expect(run.report!.counts.waived).toBe(2);
    expect(run.report!.waived_total).toBe(160);
    expect(diff(db, '2026-09', 'amount_mismatch', 'M0').resolution).toBe('waive');
    expect(diff(db, '2026-09', 'amount_mismatch', 'M1').resolution).toBe('waive');
    const third = diff(db, '2026-09', 'amount_mismatch', 'M2');
    expect(third.status).toBe('open');
    // the later, smaller one is not slipped in under the cap either
    expect(diff(db, '2026-09', 'amount_mismatch', 'M3').status).toBe('open');
    resolveDifference(db, third.id, { as: 'waive', note: 'approved by finance lead' });
    const after = report(db, '2026-09');
    expect(after.counts.waived).toBe(3);
    expect(after.agreed).toBe(10080 * 3);
  });

  it('caps at a share of gross (basis points) and counts explicit waivers against the cap on the next run', () => {
    // gross = 4 × 10080 = 40320; 50 bps → 201.60 → cap 201
    const { db } = mismatches({ periodCapBps: 50, toleranceMinor: 100 }, [80, 80, 80, 80]);
    expect(runMatch(db, { period: '2026-09' }).channels[0]!.report!.counts.waived).toBe(2);
    const open = listDifferences(db, { channelId: 'alipay', period: '2026-09', status: 'open' });
    resolveDifference(db, open[1]!.id, { as: 'waive', note: 'ok' });
    // 80 explicitly waived + the automatic ones in time order: only one more fits under 201
    const rerun = runMatch(db, { period: '2026-09' }).channels[0]!;
    expect(rerun.autoWaived).toBe(1);
    expect(rerun.report!.counts.waived).toBe(2);
  });
});

describe('currencies', () => {
  it('matches and totals a USD channel in USD', () => {
    const { db, l } = setup({ currency: 'USD', timeZone: 'UTC' }, 'stripe');
    l.both('stripe', { order: 'ch_1', at: '2026-09-03 12:00:00', amount: 4999, fee: 175 });
    l.both('stripe', { order: 'ch_2', at: '2026-09-04 12:00:00', amount: 1999, fee: 88 });
    l.pay('stripe', { order: 'ch_3', at: '2026-09-05 12:00:00', amount: 500, fee: 45 });
    runMatch(db, { period: '2026-09' });
    const r = report(db, '2026-09', 'stripe');
    expect(r.currency).toBe('USD');
    expect([r.gross, r.fees, r.net]).toEqual([7498, 308, 7190]);
    expect([r.agreed, r.disputed]).toEqual([4999 - 175 + 1999 - 88, 500 - 45]);
    expect(diff(db, '2026-09', 'channel_only', 'ch_3', 'stripe').currency).toBe('USD');
  });

  it('refuses to mix a record of another currency into a channel', () => {
    const { db, l } = setup({ currency: 'USD', timeZone: 'UTC' }, 'stripe');
    l.both('stripe', { order: 'ch_1', at: '2026-09-03 12:00:00', amount: 4999, fee: 175 });
    l.pay('stripe', { order: 'ch_2', at: '2026-09-03 13:00:00', amount: 100, currency: 'CNY' });
    const e = userError(() => runMatch(db, { period: '2026-09' }));
    expect(e.key).toBe('match.foreign_currency');
    expect(e.en).toContain('CNY ×1');
  });
});

describe('resolution', () => {
  function withDifferences() {
    const s = setup();
    s.l.both('alipay', { order: 'OK', at: '2026-09-01 10:00:00', amount: 5000, fee: 30 });
    const channelOnly = s.l.pay('alipay', { order: 'C1', at: '2026-09-02 10:00:00', amount: 300, fee: 2 });
    s.l.pay('alipay', { order: 'C2', at: '2026-09-02 11:00:00', amount: 800, fee: 5 });
    const internalOnly = s.l.order('alipay', { order: 'I1', at: '2026-09-03 10:00:00', amount: 1200 });
    runMatch(s.db, { period: '2026-09' });
    return { ...s, channelOnly, internalOnly };
  }

  it('moves a channel row from disputed to agreed when the resolution accepts its figure, and back on undo', () => {
    const { db } = withDifferences();
    const before = report(db, '2026-09');
    const c1 = diff(db, '2026-09', 'channel_only', 'C1');
    resolveDifference(db, c1.id, { as: 'backfill', note: '补单 done', reason: '补单' });
    const resolved = report(db, '2026-09');
    expect(resolved.agreed - before.agreed).toBe(298);
    expect(before.disputed - resolved.disputed).toBe(298);
    expect(resolved.open_differences).toBe(before.open_differences - 1);
    const c2 = diff(db, '2026-09', 'channel_only', 'C2');
    resolveDifference(db, c2.id, { as: 'dispute', note: 'asked the channel' });
    expect(report(db, '2026-09').disputed).toBe(resolved.disputed);
    undoDifference(db, c1.id);
    const undone = report(db, '2026-09');
    expect([undone.agreed, undone.disputed]).toEqual([before.agreed, before.disputed]);
    expect(getDifference(db, c1.id).status).toBe('open');
    const actions = listAudit(db, { channelId: 'alipay' }).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['match.run', 'diff.resolve', 'diff.undo']));
    const undo = listAudit(db, { action: 'diff.undo' })[0]!;
    expect(undo.before).toMatchObject({ status: 'resolved', resolution: 'backfill' });
    expect(undo.after).toMatchObject({ status: 'open', resolution: null });
  });

  it('drops a written-off internal_only order from claims', () => {
    const { db } = withDifferences();
    expect(report(db, '2026-09').claims).toBe(1200);
    resolveDifference(db, diff(db, '2026-09', 'internal_only', 'I1').id, { as: 'writeoff', note: 'test order' });
    expect(report(db, '2026-09').claims).toBe(0);
  });

  it('resolves every open difference a filter selects and reports count and amount', () => {
    const { db } = withDifferences();
    const r = bulkResolve(db, { channelId: 'alipay', period: '2026-09', category: 'channel_only', maxAmount: 500 }, { as: 'writeoff', note: 'below 5.00' });
    expect([r.count, r.amountMinor, r.channelNetMinor]).toEqual([1, 300, 298]);
    expect(diff(db, '2026-09', 'channel_only', 'C1').resolution).toBe('writeoff');
    expect(diff(db, '2026-09', 'channel_only', 'C2').status).toBe('open');
  });

  it('suggests, then manually matches, a channel row without an order id to an internal order (one-to-one)', () => {
    const { db, l, internalOnly } = withDifferences();
    const bankLine = l.pay('alipay', { order: null, at: '2026-09-03 10:20:00', amount: 1200, fee: 7 });
    runMatch(db, { period: '2026-09' });
    const suggestions = listSuggestions(db, { channelId: 'alipay', period: '2026-09' });
    expect(suggestions.map((s) => [s.channelRecordId, s.candidates.map((c) => c.internalRecordId)])).toEqual([[bankLine, [internalOnly]]]);
    // suggestions are never applied by themselves
    expect(report(db, '2026-09').claims).toBe(1200);

    const before = report(db, '2026-09');
    const m = manualMatch(db, { internalIds: [internalOnly], channelIds: [bankLine], note: 'bank line without order id' });
    expect([m.channelAmountMinor, m.internalAmountMinor, m.differenceMinor, m.differenceIds.length]).toEqual([1200, 1200, 0, 2]);
    const after = report(db, '2026-09');
    expect(after.claims).toBe(0);
    expect(after.agreed - before.agreed).toBe(1200 - 7);
    // re-running keeps the manual match
    runMatch(db, { period: '2026-09' });
    expect(report(db, '2026-09').agreed).toBe(after.agreed);
    // undoing one side undoes the whole match
    undoDifference(db, m.differenceIds[0]!);
    expect(m.differenceIds.map((id) => getDifference(db, id).status)).toEqual(['open', 'open']);
    expect(report(db, '2026-09').claims).toBe(1200);
  });

  it('matches one channel row to several orders and shows the difference, but refuses many-to-many', () => {
    const { db, l } = withDifferences();
    const a = l.order('alipay', { order: 'P1', at: '2026-09-05 10:00:00', amount: 2000 });
    const b = l.order('alipay', { order: 'P2', at: '2026-09-05 10:01:00', amount: 3000 });
    const lump = l.pay('alipay', { order: null, at: '2026-09-05 10:02:00', amount: 5001, fee: 30 });
    runMatch(db, { period: '2026-09' });
    const m = manualMatch(db, { internalIds: [a, b], channelIds: [lump], note: 'combined payment' });
    expect([m.channelAmountMinor, m.internalAmountMinor, m.differenceMinor, m.differenceIds.length]).toEqual([5001, 5000, 1, 3]);
    const c2 = diff(db, '2026-09', 'channel_only', 'C2').channel[0]!.id;
    expect(userError(() => manualMatch(db, { internalIds: [a, b], channelIds: [lump, c2], note: 'x' })).key).toBe('manual.many_to_many');
    expect(userError(() => manualMatch(db, { internalIds: [a], channelIds: [c2], note: 'x' })).key).toBe('manual.already_matched');
  });

  it('refuses to manually match a record the matcher already agreed on', () => {
    const { db, l, internalOnly } = withDifferences();
    const matched = l.pay('alipay', { order: 'OK2', at: '2026-09-09 10:00:00', amount: 1200 });
    l.order('alipay', { order: 'OK2', at: '2026-09-09 10:00:00', amount: 1200 });
    runMatch(db, { period: '2026-09' });
    expect(userError(() => manualMatch(db, { internalIds: [internalOnly], channelIds: [matched], note: 'x' })).key).toBe('manual.not_a_difference');
  });
});

describe('re-running the matcher', () => {
  it('keeps every manual decision, keeps an undone waiver open, and only adds what new imports bring', () => {
    const { db, l } = setup();
    l.pay('alipay', { order: 'C1', at: '2026-09-02 10:00:00', amount: 300, fee: 2 });
    l.order('alipay', { order: 'M1', at: '2026-09-03 10:00:00', amount: 1000 });
    l.pay('alipay', { order: 'M1', at: '2026-09-03 10:00:01', amount: 1050, fee: 6 });
    runMatch(db, { period: '2026-09' });
    const c1 = diff(db, '2026-09', 'channel_only', 'C1');
    resolveDifference(db, c1.id, { as: 'backfill', note: 'completed the order' });
    const waived = diff(db, '2026-09', 'amount_mismatch', 'M1');
    expect(waived.resolution).toBe('waive');
    undoDifference(db, waived.id, 'look at this one');

    l.pay('alipay', { order: 'C9', at: '2026-09-20 10:00:00', amount: 700, fee: 4 });
    const rerun = runMatch(db, { period: '2026-09' }).channels[0]!;
    expect([rerun.added, rerun.decisionsKept, rerun.gone]).toEqual([1, 2, 0]);
    expect(getDifference(db, c1.id)).toMatchObject({ status: 'resolved', resolution: 'backfill', note: 'completed the order' });
    expect(getDifference(db, waived.id)).toMatchObject({ status: 'open', resolution: null });
    expect(diff(db, '2026-09', 'channel_only', 'C9').status).toBe('open');
  });

  it('shows rows imported after the last run as unmatched and disputed until the next run', () => {
    const { db, l } = setup();
    l.both('alipay', { order: 'A', at: '2026-09-02 10:00:00', amount: 1000, fee: 6 });
    runMatch(db, { period: '2026-09' });
    l.both('alipay', { order: 'B', at: '2026-09-03 10:00:00', amount: 2000, fee: 12 });
    const r = report(db, '2026-09');
    expect([r.unmatched_rows, r.agreed, r.disputed]).toEqual([1, 994, 1988]);
  });
});

describe('preview', () => {
  it('shows what a run would change and writes nothing', () => {
    const { db, l } = setup();
    l.both('alipay', { order: 'A', at: '2026-09-02 10:00:00', amount: 1000, fee: 6 });
    l.pay('alipay', { order: 'C1', at: '2026-09-02 11:00:00', amount: 300, fee: 2 });
    const counts = () => db.prepare(`SELECT (SELECT COUNT(*) FROM matches) AS m, (SELECT COUNT(*) FROM differences) AS d,
      (SELECT COUNT(*) FROM audit_log) AS a, (SELECT COUNT(*) FROM match_runs) AS r`).get();
    const before = counts();
    const preview = runMatch(db, { period: '2026-09', preview: true });
    expect(preview.preview).toBe(true);
    expect(preview.channels[0]).toMatchObject({ matchedPayments: 1, added: 1 });
    expect(counts()).toEqual(before);
    expect(report(db, '2026-09').matched_at).toBeNull();
    const real = runMatch(db, { period: '2026-09' }).channels[0]!;
    expect({ ...real.report, matched_at: null }).toEqual({ ...preview.channels[0]!.report, matched_at: null });
  });
});

describe('closed periods', () => {
  it('locks match, resolve and undo until the period is reopened with a reason, all audited', () => {
    const { db, l } = setup();
    l.pay('alipay', { order: 'C1', at: '2026-09-02 10:00:00', amount: 300, fee: 2 });
    l.pay('alipay', { order: 'C2', at: '2026-09-02 11:00:00', amount: 400, fee: 2 });
    runMatch(db, { period: '2026-09' });
    const c1 = diff(db, '2026-09', 'channel_only', 'C1');
    const c2 = diff(db, '2026-09', 'channel_only', 'C2');
    resolveDifference(db, c2.id, { as: 'dispute', note: 'claim' });
    closePeriod(db, 'alipay', '2026-09', report(db, '2026-09'), 'September agreed', { withOpen: true });
    expect(report(db, '2026-09').closed).toBe(true);

    expect(userError(() => runMatch(db, { period: '2026-09', channelId: 'alipay' })).key).toBe('period.closed');
    expect(runMatch(db, { period: '2026-09' }).channels[0]!.skipped).toBe('closed');
    expect(userError(() => resolveDifference(db, c1.id, { as: 'writeoff', note: 'x' })).key).toBe('period.closed');
    expect(userError(() => undoDifference(db, c2.id)).key).toBe('period.closed');
    expect(userError(() => bulkResolve(db, { channelId: 'alipay', period: '2026-09' }, { as: 'writeoff', note: 'x' })).key).toBe('period.closed');
    const e = userError(() => assertPeriodOpen(db, 'alipay', '2026-09'));
    expect(e.zh).toContain('reopen');
    expect(e.en).toContain('closed');

    expect(userError(() => reopenPeriod(db, 'alipay', '2026-09', ' ')).key).toBe('period.reopen_needs_note');
    reopenPeriod(db, 'alipay', '2026-09', 'channel corrected its bill');
    resolveDifference(db, c1.id, { as: 'writeoff', note: 'x' });
    const audit = listAudit(db, { channelId: 'alipay', period: '2026-09' });
    const reopen = audit.find((a) => a.action === 'period.reopen')!;
    expect(reopen.after).toMatchObject({ closed: false, note: 'channel corrected its bill' });
    expect(audit.find((a) => a.action === 'period.close')!.after).toMatchObject({ closed: true, figures: { channel: 'alipay', disputed: 298 + 398 } });
  });
});
