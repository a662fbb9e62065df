import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { tempWorkspace } from '../../helpers/workspace';
import { Ledger } from './ledger';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function workspace() {
  const t = tempWorkspace();
  cleanup = t.cleanup;
  const l = new Ledger(t.ws.db).channel('alipay', { name: '支付宝' });
  l.both('alipay', { order: 'A1', at: '2026-09-02 10:00:00', amount: 10000, fee: 60 });
  l.pay('alipay', { order: 'C1', at: '2026-09-03 10:00:00', amount: 300, fee: 2 });
  l.pay('alipay', { order: 'C2', at: '2026-09-04 10:00:00', amount: 900, fee: 5 });
  l.order('alipay', { order: 'I1', at: '2026-09-05 10:00:00', amount: 1200 });
  t.ws.db.close();
  return t.path;
}

async function cli(path: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--workspace', path], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recondesk match / report / diffs / resolve', () => {
  it('prints the report JSON with the issue field names, and a readable table without --json', async () => {
    const path = workspace();
    const preview = await cli(path, 'match', '--period', '2026-09', '--preview', '--lang', 'en');
    expect(preview.out).toContain('Preview: nothing below is written');
    expect(JSON.parse((await cli(path, 'report', '--period', '2026-09', '--json')).out).channels[0].counts.matched).toBe(0);

    expect((await cli(path, 'match', '--period', '2026-09')).code).toBe(0);
    const json = JSON.parse((await cli(path, 'report', '--period', '2026-09', '--json')).out);
    expect(json.period).toBe('2026-09');
    const c = json.channels[0];
    expect(Object.keys(c)).toEqual(expect.arrayContaining(['channel', 'currency', 'payment_rows', 'refund_rows', 'gross', 'refunds', 'fees', 'net', 'agreed', 'disputed', 'claims', 'counts']));
    expect(Object.keys(c.counts).sort()).toEqual(['amount_mismatch', 'carried_forward', 'channel_only', 'duplicate', 'internal_only', 'matched', 'refund_mismatch', 'waived']);
    expect([c.channel, c.currency, c.payment_rows, c.gross, c.net, c.agreed, c.disputed, c.claims]).toEqual(['alipay', 'CNY', 3, 11200, 11133, 9940, 298 + 895, 1200]);

    const table = await cli(path, 'report', '--period', '2026-09', '--lang', 'en');
    expect(table.out).toContain('agreed 99.40  disputed 11.93  claims 12.00');
  });

  it('lists differences side by side and bulk-resolves by filter with count and amount', async () => {
    const path = workspace();
    await cli(path, 'match', '--period', '2026-09');
    const diffs = await cli(path, 'diffs', '--channel', 'alipay', '--period', '2026-09', '--category', 'channel_only', '--lang', 'en');
    expect(diffs.out).toContain('2 differences, total difference 12.00');
    expect(diffs.out).toMatch(/channel_only 长款 +open +order C1/);
    expect(diffs.out).toContain('channel-alipay.csv:');

    const bulk = await cli(path, 'resolve', '--channel', 'alipay', '--period', '2026-09', '--category', 'channel_only', '--max-amount', '5.00', '--as', 'writeoff', '--note', 'small', '--lang', 'en');
    expect(bulk.out).toContain('Resolved 1 differences as writeoff: total difference 3.00, channel net 2.98');
    const after = JSON.parse((await cli(path, 'report', '--period', '2026-09', '--json')).out).channels[0];
    expect(after.agreed).toBe(9940 + 298);

    const list = JSON.parse((await cli(path, 'diffs', '--channel', 'alipay', '--period', '2026-09', '--category', 'channel_only', '--status', 'open', '--json')).out);
    const id = list.differences[0].id;
    expect((await cli(path, 'resolve', String(id), '--as', 'dispute', '--note', 'asked')).code).toBe(0);
    expect((await cli(path, 'undo', String(id))).code).toBe(0);
  });

  it('explains closed periods and bad input in the chosen language', async () => {
    const path = workspace();
    await cli(path, 'match', '--period', '2026-09');
    expect((await cli(path, 'close', '--channel', 'alipay', '--period', '2026-09', '--note', 'September agreed', '--with-open')).code).toBe(0);
    const refused = await cli(path, 'match', '--period', '2026-09', '--channel', 'alipay', '--lang', 'en');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('was closed on');
    const badAs = await cli(path, 'resolve', '1', '--as', 'forgive', '--note', 'x', '--lang', 'en');
    expect(badAs.err).toContain('--as must be one of backfill|carry|dispute|refund|writeoff|waive');
    const reopened = await cli(path, 'reopen', '--channel', 'alipay', '--period', '2026-09', '--note', 'correction');
    expect(reopened.out).toContain('已重新打开');
  });
});
