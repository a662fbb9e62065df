// A month with risk fields, built in code: an in-house export carrying the order IP and the player,
// and a channel bill carrying the pay IP, the masked card, the device and the payer account, mapped
// through the profiles' `risk` key. Each payment line exists for one rule's threshold. Shared by the
// engine's risk tests and the risk review screen's end-to-end test.
import { saveChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import { saveProfile } from '../../../electron/engine/import/profiles';
import type { DB } from '../../../electron/engine/workspace/db';

export const CHANNEL_PROFILE = {
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

export const INHOUSE_PROFILE = {
  id: 'inhouse-risk', name: '自有订单导出（带下单IP）', side: 'internal',
  detect: { headers: ['订单号', '渠道', '订单金额', '订单状态', '支付时间', '下单IP'] },
  fields: {
    orderId: { from: '订单号' }, channel: { from: '渠道' }, kind: { value: 'payment' },
    amount: { from: '订单金额' }, status: { from: '订单状态' }, time: { from: '支付时间' }, account: { from: '玩家ID' },
  },
  naturalKey: ['orderId'],
  risk: { orderIp: '下单IP', user: '玩家ID' },
};

export interface Pay {
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

export const CARD_A = '622202******1234';
export const CARD_B = '622202******5678';

/** The month's payments: each line exists for one rule's threshold. */
export const PAYMENTS: Pay[] = [
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
export const REFUNDS = [
  { order: 'RF-1', amount: '98.00', time: '2026-10-13 09:00:00', account: 'alice@example.com' },
  { order: 'RF-2', amount: '98.00', time: '2026-10-13 09:30:00', account: 'mallory@example.com' },
];

export function channelBill(payments: Pay[], refunds: typeof REFUNDS, txnPrefix = 'T'): string {
  const lines = ['商户订单号,交易流水号,交易类型,金额,完成时间,付款账户,付款卡号,支付IP,设备号'];
  payments.forEach((p, i) => lines.push([p.order, `${txnPrefix}${i}`, '支付', `"${p.amount}"`, p.time, p.account ?? '', p.card ?? '', p.payIp ?? '', p.device ?? ''].join(',')));
  refunds.forEach((r, i) => lines.push([r.order, `R${txnPrefix}${i}`, '退款', r.amount, r.time, r.account, '', '', ''].join(',')));
  return lines.join('\n') + '\n';
}

export function inhouseExport(payments: Pay[]): string {
  const lines = ['订单号,渠道,订单金额,订单状态,支付时间,下单IP,玩家ID'];
  for (const p of payments) lines.push([p.order, '风控测试', `"${p.amount}"`, '支付成功', p.time, p.orderIp ?? '', p.player ?? `P-${p.order}`].join(','));
  return lines.join('\n') + '\n';
}

/** The channel, both profiles, and October 2026's in-house export and channel bill, imported. */
export function prepareRiskMonth(db: DB): void {
  saveChannel(db, { id: 'riskpay', name: '风控测试', aliases: ['风控测试'] });
  saveProfile(db, CHANNEL_PROFILE);
  saveProfile(db, INHOUSE_PROFILE);
  importFile(db, Buffer.from(inhouseExport(PAYMENTS)), 'orders_202610.csv');
  importFile(db, Buffer.from(channelBill(PAYMENTS, REFUNDS)), 'riskpay_202610.csv');
}
