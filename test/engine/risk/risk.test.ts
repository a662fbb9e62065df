// Risk screening (交易风控) on the month of fixture.ts: each built-in rule is tried at, just under and
// just over its threshold.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { getChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import { closePeriod } from '../../../electron/engine/resolve/periods';
import { channelReport } from '../../../electron/engine/report';
import { addToBlacklist, importBlacklist } from '../../../electron/engine/risk/blacklist';
import { matchAndScreen } from '../../../electron/engine/risk/match-and-screen';
import { backtest, decideHit, listHits, screenPeriod, setRule } from '../../../electron/engine/risk/screen';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { identifiersMatch } from '../../../shared/risk';
import { tempWorkspace } from '../../helpers/workspace';
import { userError } from '../../helpers/user-error';
import { CARD_A, channelBill, inhouseExport, PAYMENTS, prepareRiskMonth, REFUNDS } from './fixture';

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  prepareRiskMonth(t.ws.db);
});
afterEach(() => t.cleanup());

const hitsOf = (rule: string) => listHits(t.ws.db, { period: '2026-10' }).filter((h) => h.rule === rule);
const orders = (rule: string) => hitsOf(rule).map((h) => h.records.filter((r) => r.kind === 'payment').map((r) => r.orderId).join(' '));

describe('risk rules at their thresholds', () => {
  beforeEach(() => {
    addToBlacklist(t.ws.db, { type: 'card', value: '622202******9999', reason: '盗卡，银行通报' });
    addToBlacklist(t.ws.db, { type: 'ip', value: '198.51.100.7', reason: '撞库来源' });
    matchAndScreen(t.ws.db, { period: '2026-10' });
  });

  it('order IP ≠ pay IP: only the order paid from another IP', () => {
    expect(orders('ip_mismatch')).toEqual(['IP-1']);
    expect(hitsOf('ip_mismatch')[0]!.subject.zh).toBe('订单 IP-1：下单 IP 10.1.1.1，支付 IP 203.0.113.9');
  });

  it('velocity: the fourth payment of one card in a day is a hit, the third is not, nor one the next day', () => {
    const hits = hitsOf('velocity').filter((h) => (h.detail as { identifier: string }).identifier === 'card');
    expect(hits.map((h) => h.subject.zh)).toEqual([`卡号 ${CARD_A} 于 2026-10-05 支付 4 笔（上限 3）`]);
    expect(hits[0]!.amountMinor).toBe(4 * 6800);
  });

  it('amount limit: 5,000.00 passes, 5,000.01 is a hit', () => {
    expect(orders('amount_limit')).toEqual(['AL-2']);
  });

  it('card testing: 5 small payments within 10 minutes is a hit; over 11 minutes or only 4 is not', () => {
    const hits = hitsOf('card_testing');
    expect(hits.map((h) => (h.detail as { value: string }).value)).toEqual(['D1']);
    expect(hits[0]!.records.map((r) => r.orderId)).toEqual(['CT1-0', 'CT1-1', 'CT1-2', 'CT1-3', 'CT1-4']);
  });

  it('blacklist: a masked entry matches the full card number, not another bank\'s card; IPs match exactly', () => {
    expect(hitsOf('blacklist').map((h) => h.subject.zh).sort()).toEqual([
      '订单 BL-1 的卡号 6222021234569999 在黑名单中（622202******9999）',
      '订单 BL-3 的IP 198.51.100.7 在黑名单中（198.51.100.7）',
    ]);
  });

  it('refund to an account other than the payer\'s', () => {
    const hits = hitsOf('refund_other_account');
    expect(hits.map((h) => h.subject.zh)).toEqual(['订单 RF-2 退款至 mallory@example.com，付款账户为 bob@example.com']);
  });

  it('the in-house order IP and the channel\'s pay IP are one order\'s: nothing is screened twice', () => {
    const screened = screenPeriod(t.ws.db, { period: '2026-10' }).channels[0]!;
    expect(screened.screened).toBe(PAYMENTS.length + REFUNDS.length);
  });
});

describe('decisions, settings and the back-test', () => {
  it('a decided hit survives a re-screen, new data and its rule being switched off', () => {
    matchAndScreen(t.ws.db, { period: '2026-10' });
    const [hit] = hitsOf('velocity').filter((h) => (h.detail as { value?: string }).value === CARD_A);
    decideHit(t.ws.db, { id: hit!.id, as: 'false_positive', note: '同一玩家为公会成员代充，已电话核实' });

    // More payments of the same card that day arrive in a second bill: the same hit, now 5 payments, still decided.
    const later = [{ order: 'VA-5', amount: '68.00', time: '2026-10-05 23:00:00', card: CARD_A }];
    importFile(t.ws.db, Buffer.from(inhouseExport(later)), 'orders_202610_late.csv');
    importFile(t.ws.db, Buffer.from(channelBill(later, [], 'L')), 'riskpay_202610_late.csv');
    screenPeriod(t.ws.db, { period: '2026-10' });
    const again = listHits(t.ws.db, { period: '2026-10' }).find((h) => h.id === hit!.id)!;
    expect(again.status).toBe('false_positive');
    expect(again.note).toBe('同一玩家为公会成员代充，已电话核实');
    expect(again.records.map((r) => r.orderId)).toContain('VA-5');
    expect(again.subject.zh).toContain('支付 5 笔');

    setRule(t.ws.db, { rule: 'velocity', channelId: 'riskpay', enabled: false });
    screenPeriod(t.ws.db, { period: '2026-10' });
    const off = listHits(t.ws.db, { period: '2026-10' }).filter((h) => h.rule === 'velocity');
    expect(off.map((h) => [h.id, h.active, h.status])).toEqual([[hit!.id, false, 'false_positive']]);
    expect(listAudit(t.ws.db, { action: 'risk.decide' })).toHaveLength(1);
  });

  it('confirming a hit can blacklist its card; the next screening finds the card everywhere', () => {
    screenPeriod(t.ws.db, { period: '2026-10' });
    const [hit] = hitsOf('velocity').filter((h) => (h.detail as { value?: string }).value === CARD_A);
    decideHit(t.ws.db, { id: hit!.id, as: 'confirmed', note: '持卡人报失', blacklist: ['card'] });
    screenPeriod(t.ws.db, { period: '2026-10' });
    expect(orders('blacklist').filter((o) => o.startsWith('VA-')).sort()).toEqual(['VA-1', 'VA-2', 'VA-3', 'VA-4']);
  });

  it('thresholds are per channel and the back-test counts what a rule would have found, writing nothing', () => {
    const september = PAYMENTS.slice(2, 9).map((p) => ({ ...p, order: `S${p.order}`, time: p.time.replace('2026-10', '2026-09') }));
    importFile(t.ws.db, Buffer.from(inhouseExport(september)), 'orders_202609.csv');
    importFile(t.ws.db, Buffer.from(channelBill(september, [], 'S')), 'riskpay_202609.csv');
    const before = (t.ws.db.prepare('SELECT COUNT(*) AS n FROM risk_hits').get() as { n: number }).n;
    const strict = backtest(t.ws.db, { rule: 'velocity', params: { maxPerDay: 2 }, from: '2026-09', to: '2026-10' });
    // maxPerDay 2: card A (4) and card B (3) on 10-05, the same in September's copy; D1 (5) and D2 (5) and D3 (4) devices on 10-09.
    expect(strict.periods.map((p) => [p.period, p.hits])).toEqual([['2026-09', 2], ['2026-10', 5]]);
    const loose = backtest(t.ws.db, { rule: 'velocity', params: { maxPerDay: 4 }, from: '2026-09', to: '2026-10' });
    expect(loose.periods.map((p) => [p.period, p.hits])).toEqual([['2026-09', 0], ['2026-10', 2]]);
    expect((t.ws.db.prepare('SELECT COUNT(*) AS n FROM risk_hits').get() as { n: number }).n).toBe(before);

    setRule(t.ws.db, { rule: 'amount_limit', channelId: 'riskpay', enabled: true, params: { limitMinor: 100_00 } });
    screenPeriod(t.ws.db, { period: '2026-10' });
    expect(orders('amount_limit').sort()).toEqual(['AL-1', 'AL-2']);
  });

  it('a closed period is not re-screened and its hits cannot be decided', () => {
    screenPeriod(t.ws.db, { period: '2026-10' });
    const hit = hitsOf('amount_limit')[0]!;
    closePeriod(t.ws.db, 'riskpay', '2026-10', channelReport(t.ws.db, getChannel(t.ws.db, 'riskpay'), '2026-10'), '月结');
    expect(userError(() => decideHit(t.ws.db, { id: hit.id, as: 'false_positive', note: 'x' })).key).toBe('period.closed');
    expect(screenPeriod(t.ws.db, { period: '2026-10' }).channels).toEqual([]);
  });

  it('imports a blacklist kept as CSV, with Chinese column names and types', () => {
    const path = join(t.dir, '黑名单.csv');
    writeFileSync(path, '\ufeff类型,值,原因\n卡号,622202******1234,盗刷\nIP,203.0.113.9,钓鱼\n设备,D1,试卡\n卡号,622202******1234,重复\n');
    expect(importBlacklist(t.ws.db, path)).toEqual({ added: 3, alreadyListed: 1 });
    writeFileSync(path, '类型,值,原因\n护照,E1234,x\n');
    expect(userError(() => importBlacklist(t.ws.db, path)).key).toBe('risk.blacklist_bad_row');
  });
});

describe('masked identifiers', () => {
  it.each([
    ['622202******1234', '6222021234561234', true],
    ['622202******1234', '622202******1234', true],
    ['622202******1234', '622203******1234', false],
    ['622202******1234', '6222021234561235', false],
    ['6222021234561234', '6222021234561235', false],
    ['**** **** **** 1234', '6222021234561234', true],
    ['******1234', '6222021234565678', false],
    ['１２３４５６７８', '12345678', true],
  ])('%s vs %s → %s', (a, b, same) => {
    expect(identifiersMatch(a, b)).toBe(same);
  });
});

describe('recondesk screen and risk commands', () => {
  it('lists the hits after a match and decides one with Chinese words', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const cli = (...argv: string[]) => main([...argv, '--workspace', t.path], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
    t.ws.db.close();
    expect(await cli('risk', 'blacklist', 'add', '--type', 'ip', '--value', '198.51.100.7', '--reason', '撞库来源')).toBe(0);
    expect(await cli('match', '--period', '2026-10')).toBe(0);
    expect(out.some((l) => /风控：筛查 \d+ 笔，提示 \d+ 条/.test(l))).toBe(true);
    out.length = 0;
    expect(await cli('screen', '--period', '2026-10', '--json')).toBe(0);
    const listed = JSON.parse(out.join('\n')) as { hits: { id: number; rule: string }[] };
    const hit = listed.hits.find((h) => h.rule === 'blacklist')!;
    out.length = 0;
    expect(await cli('risk', 'decide', String(hit.id), '--as', '确认风险', '--note', '已冻结')).toBe(0);
    expect(out[0]).toMatch(/^#\d+ \[确认风险\] 黑名单命中/);
    expect(err).toEqual([]);
  });
});
