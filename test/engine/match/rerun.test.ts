// A re-run over unchanged data reuses the last run's classification (match/run.ts unchangedSince); any
// new record, decision or settings change since makes it classify every row again.
import { afterEach, describe, expect, it } from 'vitest';
import { saveChannel } from '../../../electron/engine/channels';
import { runMatch } from '../../../electron/engine/match/run';
import { listDifferences } from '../../../electron/engine/report';
import { resolveDifference } from '../../../electron/engine/resolve/resolve';
import { appendAudit } from '../../../electron/engine/workspace/audit';
import type { DB } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { Ledger } from './ledger';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const PERIOD = '2026-09';

function setup() {
  const t = tempWorkspace();
  cleanup = t.cleanup;
  const l = new Ledger(t.ws.db).channel('alipay', { toleranceMinor: 50 }).channel('wechat');
  l.both('alipay', { order: 'A1', at: '2026-09-10 10:00:00', amount: 1000, fee: 6 });
  l.both('alipay', { order: 'A2', at: '2026-09-11 10:00:00', amount: 2500, fee: 15 });
  l.order('alipay', { order: 'A3', at: '2026-09-12 10:00:00', amount: 700 });
  l.pay('alipay', { order: 'A4', at: '2026-09-13 10:00:00', amount: 900, fee: 5 });
  l.order('alipay', { order: 'A5', at: '2026-09-14 10:00:00', amount: 1200 });
  l.pay('alipay', { order: 'A5', at: '2026-09-14 10:01:00', amount: 1230, fee: 7 });
  l.both('wechat', { order: 'W1', at: '2026-09-10 10:00:00', amount: 400, fee: 2 });
  return { db: t.ws.db, l };
}

const run = (db: DB, channelId = 'alipay') => runMatch(db, { period: PERIOD, channelId }).channels[0]!;
const lastSummary = (db: DB) => JSON.parse(db.prepare("SELECT summary FROM match_runs WHERE channel_id = 'alipay' ORDER BY id DESC LIMIT 1").pluck().get() as string) as { reusedFrom?: number };
const differences = (db: DB) => db.prepare("SELECT id, diff_key, category, status, resolution, active, last_run_id, updated_at FROM differences WHERE channel_id = 'alipay' ORDER BY id").all();
const matches = (db: DB) => db.prepare('SELECT channel_record_id, internal_record_id, run_id FROM matches ORDER BY channel_record_id').all();
/** The result without the report's time of the last run, which every run sets anew. */
const comparable = (r: ReturnType<typeof run>) => ({ ...r, report: { ...r.report!, matched_at: null } });

describe('re-running the match over unchanged data', () => {
  it('returns what a full run returns, and writes the same, without classifying again', () => {
    const { db } = setup();
    const first = run(db);
    expect(first.added).toBe(3);
    expect(first.autoWaived).toBe(1);
    const stored = { differences: differences(db), matches: matches(db) };

    const reused = run(db);
    expect(lastSummary(db).reusedFrom).toBeGreaterThan(0);
    expect(reused).toMatchObject({ added: 0, changed: 0, gone: 0, unchanged: 3, released: 0, autoWaived: 1, matchedPayments: first.matchedPayments });
    expect(reused.report!.agreed).toBe(first.report!.agreed);
    expect({ differences: differences(db), matches: matches(db) }).toEqual(stored);

    // An audited action that changes nothing still makes the next run a full one: it must agree.
    appendAudit(db, { action: 'workspace.backup', subject: 'test' });
    const full = run(db);
    expect(lastSummary(db).reusedFrom).toBeUndefined();
    expect(comparable(full)).toEqual(comparable(reused));
    expect({ differences: differences(db), matches: matches(db) }).toEqual(stored);
  });

  it('still reuses the run after another channel was matched', () => {
    const { db } = setup();
    run(db);
    run(db, 'wechat');
    run(db);
    expect(lastSummary(db).reusedFrom).toBeGreaterThan(0);
  });

  it('classifies again after a new record arrived, even one written without an import', () => {
    const { db, l } = setup();
    run(db);
    l.pay('alipay', { order: 'A3', at: '2026-09-12 10:05:00', amount: 700, fee: 4 });
    const again = run(db);
    expect(lastSummary(db).reusedFrom).toBeUndefined();
    expect(again).toMatchObject({ gone: 1, added: 0 });
    expect(listDifferences(db, { channelId: 'alipay', period: PERIOD, limit: 100 }).map((d) => d.orderId).sort()).toEqual(['A4', 'A5']);
  });

  it('classifies again after a decision, and keeps it', () => {
    const { db } = setup();
    run(db);
    const open = listDifferences(db, { channelId: 'alipay', period: PERIOD, limit: 100 }).find((d) => d.orderId === 'A4')!;
    resolveDifference(db, open.id, { as: 'backfill', note: 'order created late' });
    const again = run(db);
    expect(lastSummary(db).reusedFrom).toBeUndefined();
    expect(again.decisionsKept).toBe(1);
  });

  it('classifies again after the channel settings changed', () => {
    const { db } = setup();
    expect(run(db).autoWaived).toBe(1);
    saveChannel(db, { id: 'alipay', toleranceMinor: 0 });
    const again = run(db);
    expect(lastSummary(db).reusedFrom).toBeUndefined();
    expect(again.autoWaived).toBe(0);
  });
});
