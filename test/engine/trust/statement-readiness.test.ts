import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { runMatch } from '../../../electron/engine/match/run';
import { exportStatement, statementHtml } from '../../../electron/engine/statement';
import { statementReadiness } from '../../../electron/engine/statement/readiness';
import { tempWorkspace } from '../../helpers/workspace';
import { SAMPLES, setUpChannels } from '../statement/sample-workspace';
import { runCli } from './cli';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  setUpChannels(t.ws.db);
});
afterEach(() => t.cleanup());

const importSample = (name: string) => importFile(t.ws.db, readFileSync(join(SAMPLES, name)), name);

describe('a statement only when it means something', () => {
  it('refuses a period with no bill imported, in the engine and on the command line (exit 1, reason, no file)', async () => {
    importSample('inhouse_orders_202610.csv');
    const r = statementReadiness(t.ws.db, 'boc', '2026-10');
    expect(r).toMatchObject({ ready: false, problem: { key: 'statement.no_bill' } });
    const out = join(t.dir, 'boc.xlsx');
    expect(() => exportStatement(t.ws.db, { channelId: 'boc', period: '2026-10', outPath: out })).toThrow(/没有导入任何渠道账单/);
    expect(() => statementHtml(t.ws.db, { channelId: 'boc', period: '2026-10' })).toThrow(/没有导入任何渠道账单/);
    t.ws.db.close();
    const cli = await runCli(t.path, 'export', 'statement', '--channel', 'boc', '--period', '2026-10', '--out', out);
    expect(cli.code).toBe(1);
    expect(cli.err).toContain('没有导入任何渠道账单');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses before the first match and after a later import of in-house orders, then shows open differences and the last run', () => {
    importSample('wechat_tradebill_ALL_202610.csv');
    expect(statementReadiness(t.ws.db, 'wechat', '2026-10').problem?.key).toBe('statement.not_matched');
    runMatch(t.ws.db, { period: '2026-10', channelId: 'wechat' });
    // Matched with no in-house orders yet: ready, every bill row an open difference.
    const first = statementReadiness(t.ws.db, 'wechat', '2026-10');
    expect(first.ready).toBe(true);
    expect(first.openDifferences).toBeGreaterThan(0);
    // The in-house export arrives after the run: its rows change the result, so the statement waits for a new run.
    importSample('inhouse_orders_202610.csv');
    const late = statementReadiness(t.ws.db, 'wechat', '2026-10');
    expect(late).toMatchObject({ ready: false, problem: { key: 'statement.match_outdated' } });
    expect(() => exportStatement(t.ws.db, { channelId: 'wechat', period: '2026-10', outPath: join(t.dir, 'w.xlsx') })).toThrow(/最近一次勾对之后导入/);
    runMatch(t.ws.db, { period: '2026-10', channelId: 'wechat' });
    const ready = statementReadiness(t.ws.db, 'wechat', '2026-10');
    expect(ready.ready).toBe(true);
    const open = t.ws.db.prepare("SELECT COUNT(*) AS n, SUM(ABS(difference_minor)) AS a FROM differences WHERE channel_id = 'wechat' AND period = '2026-10' AND active = 1 AND status = 'open'").get() as { n: number; a: number };
    expect(ready.openDifferences).toBe(open.n);
    expect(ready.openAmountMinor).toBe(open.a);
    expect(ready.matchedAt).not.toBeNull();
    expect(ready.matchedAt! >= ready.lastImportAt!).toBe(true);
  });

  it('prints the open differences and the last match time beside the exported statement', async () => {
    importSample('wechat_tradebill_ALL_202610.csv');
    importSample('inhouse_orders_202610.csv');
    runMatch(t.ws.db, { period: '2026-10', channelId: 'wechat' });
    const ready = statementReadiness(t.ws.db, 'wechat', '2026-10');
    const e = await runCli(t.path, 'export', 'statement', '--channel', 'wechat', '--period', '2026-10', '--out', join(t.dir, 'w.xlsx'));
    expect(e.code).toBe(0);
    expect(e.out).toMatch(new RegExp(`未决差错 ${ready.openDifferences} 笔，金额 [\\d,]+\\.\\d{2}；最近勾对 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}（`));
  });
});
