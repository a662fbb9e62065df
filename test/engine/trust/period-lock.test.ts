// A closed period is locked in the database: plain SQL cannot change its records, matches, differences
// or decisions until it is reopened; a later period's payment still releases its carried items.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { runMatch } from '../../../electron/engine/match/run';
import { computeReport } from '../../../electron/engine/report';
import { closePeriod, reopenPeriod } from '../../../electron/engine/resolve/periods';
import { manualMatch } from '../../../electron/engine/resolve/resolve';
import type { DB } from '../../../electron/engine/workspace/db';
import { tempWorkspace } from '../../helpers/workspace';
import { SAMPLES, setUpChannels } from '../statement/sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
let db: DB;
beforeEach(() => {
  t = tempWorkspace();
  db = t.ws.db;
  setUpChannels(db);
});
afterEach(() => t.cleanup());

const importSample = (name: string) => importFile(db, readFileSync(join(SAMPLES, name)), name);
const report = (period: string) => computeReport(db, { period, channelId: 'alipay' }).channels[0]!;
const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;

function septemberMatchedAndClosed(): { manualId: number } {
  importSample('20881234567890120156_202609.csv.zip');
  importSample('inhouse_orders_202609.csv');
  runMatch(db, { period: '2026-09', channelId: 'alipay' });
  const channelOnly = one<{ record_id: number }>(`SELECT dr.record_id FROM differences d JOIN difference_records dr ON dr.difference_id = d.id
    WHERE d.channel_id = 'alipay' AND d.period = '2026-09' AND d.category = 'channel_only' AND d.active = 1 ORDER BY d.id LIMIT 1`);
  const internalOnly = one<{ record_id: number }>(`SELECT dr.record_id FROM differences d JOIN difference_records dr ON dr.difference_id = d.id
    WHERE d.channel_id = 'alipay' AND d.period = '2026-09' AND d.category = 'internal_only' AND d.active = 1 ORDER BY d.id LIMIT 1`);
  const manual = manualMatch(db, { channelIds: [channelOnly.record_id], internalIds: [internalOnly.record_id], note: 'same order, id typed wrong', reason: 'order id typo' });
  closePeriod(db, 'alipay', '2026-09', report('2026-09'), 'September agreed', { withOpen: true });
  return { manualId: manual.id };
}

describe('closed period locked by triggers', () => {
  it('refuses every plain-SQL change to the closed period, and accepts them again once reopened', () => {
    const { manualId } = septemberMatchedAndClosed();
    const sept = one<{ id: number }>("SELECT id FROM records WHERE channel_id = 'alipay' AND period = '2026-09' AND side = 'channel' ORDER BY id LIMIT 1").id;
    const matched = one<{ channel_record_id: number }>("SELECT m.channel_record_id FROM matches m JOIN records r ON r.id = m.channel_record_id WHERE r.channel_id = 'alipay' AND r.period = '2026-09' LIMIT 1").channel_record_id;
    const open = one<{ id: number }>("SELECT id FROM differences WHERE channel_id = 'alipay' AND period = '2026-09' AND status = 'open' AND category <> 'carried_forward' AND active = 1 LIMIT 1").id;
    const carried = one<{ id: number }>("SELECT id FROM differences WHERE channel_id = 'alipay' AND period = '2026-09' AND category = 'carried_forward' AND active = 1 LIMIT 1").id;
    const fileId = one<{ file_id: number }>('SELECT file_id FROM records WHERE id = ?', sept).file_id;
    const attempts: [string, () => unknown][] = [
      ['update a record', () => db.prepare('UPDATE records SET amount_minor = amount_minor + 1 WHERE id = ?').run(sept)],
      ['delete a record', () => db.prepare('DELETE FROM records WHERE id = ?').run(sept)],
      ['add records to the period', () => db.prepare(`INSERT INTO record_ranges (channel_id, period, side, file_id, first_id, last_id, records)
        VALUES ('alipay', '2026-09', 'channel', ?, 999990, 999999, 10)`).run(fileId)],
      ['move a record out', () => db.prepare("UPDATE records SET period = '2026-08' WHERE id = ?").run(sept)],
      ['delete a match', () => db.prepare('DELETE FROM matches WHERE channel_record_id = ?').run(matched)],
      ['add a match under its run', () => db.prepare('INSERT INTO matches (channel_record_id, internal_record_id, run_id) SELECT ?, 1, run_id FROM matches WHERE channel_record_id = ?').run(sept + 100000, matched)],
      ['re-point a match', () => db.prepare('UPDATE matches SET internal_record_id = internal_record_id + 1 WHERE channel_record_id = ?').run(matched)],
      ['resolve a difference', () => db.prepare("UPDATE differences SET status = 'resolved', resolution = 'writeoff' WHERE id = ?").run(open)],
      ['change an amount', () => db.prepare('UPDATE differences SET channel_net_minor = 0 WHERE id = ?').run(open)],
      ['annotate a carried item', () => db.prepare("UPDATE differences SET note = 'edited' WHERE id = ?").run(carried)],
      ['delete a difference', () => db.prepare('DELETE FROM differences WHERE id = ?').run(open)],
      ['unlink a difference record', () => db.prepare('DELETE FROM difference_records WHERE difference_id = ?').run(open)],
      ['undo the manual match', () => db.prepare('UPDATE manual_matches SET active = 0 WHERE id = ?').run(manualId)],
      ['add a match run', () => db.prepare("INSERT INTO match_runs (channel_id, period, ran_at, ran_by, summary) VALUES ('alipay', '2026-09', 'now', 'x', '{}')").run()],
      ['drop an id range', () => db.prepare("DELETE FROM record_ranges WHERE channel_id = 'alipay' AND period = '2026-09'").run()],
      ['rewrite the closing figures', () => db.prepare("UPDATE closed_periods SET figures = '{}' WHERE channel_id = 'alipay'").run()],
    ];
    for (const [what, attempt] of attempts) expect(attempt, what).toThrow(/period is closed|closed period figures are fixed/);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM matches').n).toBeGreaterThan(0);

    reopenPeriod(db, 'alipay', '2026-09', 'late correction');
    expect(db.prepare("UPDATE differences SET note = 'edited' WHERE id = ?").run(carried).changes).toBe(1);
    expect(db.prepare('UPDATE records SET amount_minor = amount_minor + 1 WHERE id = ?').run(sept).changes).toBe(1);
  });

  it('still lets October import and match, releasing September\'s carried items without changing its figures', () => {
    septemberMatchedAndClosed();
    const before = report('2026-09');
    const carriedOpen = one<{ n: number }>("SELECT COUNT(*) AS n FROM differences WHERE channel_id = 'alipay' AND period = '2026-09' AND category = 'carried_forward' AND status = 'open' AND active = 1").n;
    expect(carriedOpen).toBeGreaterThan(0);
    importSample('20881234567890120156_202610.csv.zip');
    importSample('inhouse_orders_202610.csv');
    const run = runMatch(db, { period: '2026-10', channelId: 'alipay' });
    expect(run.channels[0]!.released).toBe(carriedOpen);
    const released = db.prepare("SELECT resolution, resolved_by, released_by_record_id FROM differences WHERE channel_id = 'alipay' AND period = '2026-09' AND category = 'carried_forward' AND active = 1").all();
    expect(released).toHaveLength(carriedOpen);
    for (const r of released) expect(r).toMatchObject({ resolution: 'released', resolved_by: 'system' });
    const after = report('2026-09');
    // Every figure as closed; only the count of open items drops by the released ones.
    expect(after).toEqual({ ...before, open_differences: before.open_differences - carriedOpen });
    expect(after.closed).toBe(true);
  });
});
