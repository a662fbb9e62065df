// Risk screening (交易风控) on a month written here: an in-house export carrying the order IP and the
// player, and a channel bill carrying the pay IP, the masked card, the device and the payer account.
// Each built-in rule is tried at, just under and just over its threshold.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { getChannel, saveChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import { saveProfile } from '../../../electron/engine/import/profiles';
import { closePeriod } from '../../../electron/engine/resolve/periods';
import { channelReport } from '../../../electron/engine/report';
import { addToBlacklist, importBlacklist } from '../../../electron/engine/risk/blacklist';
import { matchAndScreen } from '../../../electron/engine/risk/match-and-screen';
import { backtest, decideHit, listHits, screenPeriod, setRule } from '../../../electron/engine/risk/screen';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { identifiersMatch } from '../../../shared/risk';
import { tempWorkspace } from '../../helpers/workspace';
import { userError } from '../../helpers/user-error';

const CHANNEL_PROFILE = {
  id: 'riskpay', name: '测试渠道账单（带风控字段）', side: 'channel', channelId: 'riskpay',
  detect: { headers: ['商户订单号', '交易流水号', '交易类型', '金额', '完成时间', '支付IP'] },
  fields: {
    orderId: { from: '商户订单号' }, channelTxnId: { from: '交易流水号' },
    kind: { from: '交易类型', map: { 支付: 'payment', 退款: 'refund' } },
    amount: { from: '金额' }, time: { from: '完成时间' }, account: { from: '付款账户' },
  },
  naturalKey: ['channelTxnId', 'kind'],
  risk: { payIp: '支付IP', card: '付款卡号', device: '设备号' },
};

const INHOUSE_PROFILE = {
  id: 'inhouse-risk', name: '自有订单导出（带下单IP）', side: 'internal',
  detect: { headers: ['订单号', '渠道', '订单金额', '订单状态', '支付时间', '下单IP'] },
  fields: {
    orderId: { from: '订单号' }, channel: { from: '渠道' }, kind: { value: 'payment' },
    amount: { from: '订单金额' }, status: { from: '订单状态' }, time: { from: '支付时间' }, account: { from: '玩家ID' },
  },
  naturalKey: ['orderId'],
  risk: { orderIp: '下单IP', user: '玩家ID' },
};

interface Pay {
  order: string;
  amount: string;
  time: string;
  card?: string;
  payIp?: string;
  orderIp?: string;
  device?: string;
  account?: string;
  player?: string;
}

const CARD_A = '622202******1234';
const CARD_B = '622202******5678';

/** The month's payments: each line exists for one rule's threshold. */
const PAYMENTS: Pay[] = [
  // ip_mismatch: ordered from one IP, paid from another (hit); same IP (no hit).
  { order: 'IP-1', amount: '30.00', time: '2026-10-02 10:00:00', orderIp: '10.1.1.1', payIp: '203.0.113.9' },
  { order: 'IP-2', amount: '30.00', time: '2026-10-02 10:05:00', orderIp: '10.1.1.2', payIp: '10.1.1.2' },
  // velocity (3 a day allowed): card A 4 times on 10-05 (hit); card B 3 times (at the limit); card B again on 10-06.
  ...[1, 2, 3, 4].map((i) => ({ order: `VA-${i}`, amount: '68.00', time: `2026-10-05 0${i}:00:00`, card: CARD_A })),
  ...[1, 2, 3].map((i) => ({ order: `VB-${i}`, amount: '68.00', time: `2026-10-05 1${i}:00:00`, card: CARD_B })),
  { order: 'VB-4', amount: '68.00', time: '2026-10-06 09:00:00', card: CARD_B },
  // amount_limit (5,000.00): at the limit (no hit), one cent over (hit).
  { order: 'AL-1', amount: '5,000.00', time: '2026-10-08 12:00:00' },
  { order: 'AL-2', amount: '5,000.01', time: '2026-10-08 12:01:00' },
  // card_testing (5 of ≤ 1.00 within 10 minutes): device D1 5 in 8 minutes (hit); D2 5 spread over 11 minutes; D3 only 4.
  ...[0, 2, 4, 6, 8].map((m, i) => ({ order: `CT1-${i}`, amount: '0.50', time: `2026-10-09 20:0${m}:00`, device: 'D1' })),
  ...[0, 3, 6, 9, 11].map((m, i) => ({ order: `CT2-${i}`, amount: '1.00', time: `2026-10-09 21:${String(m).padStart(2, '0')}:00`, device: 'D2' })),
  ...[0, 1, 2, 3].map((m, i) => ({ order: `CT3-${i}`, amount: '0.01', time: `2026-10-09 22:0${m}:00`, device: 'D3' })),
  // blacklist: a full card number whose masked form is listed; another bank's card with the same last digits.
  { order: 'BL-1', amount: '12.00', time: '2026-10-10 08:00:00', card: '6222021234569999' },
  { order: 'BL-2', amount: '12.00', time: '2026-10-10 08:10:00', card: '622203******9999' },
  { order: 'BL-3', amount: '12.00', time: '2026-10-10 08:20:00', payIp: '198.51.100.7' },
  // refund_other_account: refunded to the payer (no hit) and to someone else (hit).
  { order: 'RF-1', amount: '98.00', time: '2026-10-12 09:00:00', account: 'alice@example.com' },
  { order: 'RF-2', amount: '98.00', time: '2026-10-12 09:30:00', account: 'bob@example.com' },
];
const REFUNDS = [
  { order: 'RF-1', amount: '98.00', time: '2026-10-13 09:00:00', account: 'alice@example.com' },
  { order: 'RF-2', amount: '98.00', time: '2026-10-13 09:30:00', account: 'mallory@example.com' },
];

function channelBill(payments: Pay[], refunds: typeof REFUNDS, txnPrefix = 'T'): string {
  const lines = ['商户订单号,交易流水号,交易类型,金额,完成时间,付款账户,付款卡号,支付IP,设备号'];
  payments.forEach((p, i) => lines.push([p.order, `${txnPrefix}${i}`, '支付', `"${p.amount}"`, p.time, p.account ?? '', p.card ?? '', p.payIp ?? '', p.device ?? ''].join(',')));
  refunds.forEach((r, i) => lines.push([r.order, `R${txnPrefix}${i}`, '退款', r.amount, r.time, r.account, '', '', ''].join(',')));
  return lines.join('\n') + '\n';
}

function inhouseExport(payments: Pay[]): string {
  const lines = ['订单号,渠道,订单金额,订单状态,支付时间,下单IP,玩家ID'];
  for (const p of payments) lines.push([p.order, '风控测试', `"${p.amount}"`, '支付成功', p.time, p.orderIp ?? '', p.player ?? `P-${p.order}`].join(','));
  return lines.join('\n') + '\n';
}

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
  saveChannel(t.ws.db, { id: 'riskpay', name: '风控测试', aliases: ['风控测试'] });
  saveProfile(t.ws.db, CHANNEL_PROFILE);
  saveProfile(t.ws.db, INHOUSE_PROFILE);
  importFile(t.ws.db, Buffer.from(inhouseExport(PAYMENTS)), 'orders_202610.csv');
  importFile(t.ws.db, Buffer.from(channelBill(PAYMENTS, REFUNDS)), 'riskpay_202610.csv');
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
