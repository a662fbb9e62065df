// A month of four channels whose bills no built-in profile knows, read through user profiles only and
// reconciled: an xlsx with title rows, a two-row header and a 合计 row; a slashed-date CSV with thousands
// separators and a D/C column; a GBK bill in fen whose fee is computed; a dd.MM.yyyy bill with a zone
// per row. The month's orders are the truth: the bills and the in-house export are written from them,
// and every figure of the report is computed here from the same orders, not read back from the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { saveChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import { runMatch } from '../../../electron/engine/match/run';
import { computeReport } from '../../../electron/engine/report';
import { minorToDecimal } from '../../../shared/money';
import type { ProfileInput } from '../../../shared/profile';
import { formatInstant, wallClockToInstant } from '../../../shared/time';
import { addProfile, gbk, sampleWorkspace, utf8 } from './helpers';

type ChannelId = 'unionbank' | 'paylink' | 'fenpay' | 'eurocard';

interface Order {
  channel: ChannelId;
  orderId: string;
  txnId: string;
  amount: number;
  fee: number;
  /** Wall clock of the payment in the channel's zone. */
  wall: { day: number; hour: number; minute: number; second: number };
  at: number;
  refund: { amount: number; fee: number; txnId: string; wall: Order['wall']; at: number } | null;
  /** The in-house amount when it differs from the channel's (a difference to find). */
  internalAmount?: number;
}

const CHANNELS: Record<ChannelId, { alias: string; zone: string; currency: string }> = {
  unionbank: { alias: '银行收单', zone: 'Asia/Shanghai', currency: 'CNY' },
  paylink: { alias: 'PayLink', zone: 'Asia/Shanghai', currency: 'CNY' },
  fenpay: { alias: '分付', zone: 'Asia/Shanghai', currency: 'CNY' },
  eurocard: { alias: 'EuroCard', zone: 'Europe/Berlin', currency: 'EUR' },
};

/** A small deterministic generator, so the month is the same on every run. */
function generator(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

function monthOrders(): Order[] {
  const next = generator(20260901);
  const orders: Order[] = [];
  (Object.keys(CHANNELS) as ChannelId[]).forEach((channel, c) => {
    for (let i = 0; i < 12; i++) {
      // Amounts from 0.01 to 3,999.99 — the big ones carry thousands separators where the bill uses them.
      const amount = i === 0 ? 1 : 100 + next(399_900);
      const fee = Math.floor((amount * 6 + 500) / 1000);
      const wall = { day: 2 + next(26), hour: 1 + next(21), minute: next(60), second: next(60) };
      const at = wallClockToInstant({ year: 2026, month: 9, ...wall }, CHANNELS[channel].zone);
      const refunded = i === 3 || i === 7;
      const refundWall = { ...wall, hour: Math.min(wall.hour + 1, 23) };
      const refundAmount = i === 3 ? amount : Math.floor(amount / 2);
      orders.push({
        channel, orderId: `M${c}${String(i).padStart(3, '0')}`, txnId: `${channel.slice(0, 2).toUpperCase()}2026090${c}${String(i).padStart(6, '0')}`,
        amount, fee, wall, at,
        refund: refunded ? { amount: refundAmount, fee: Math.floor((refundAmount * 6 + 500) / 1000), txnId: `R${c}${i}`, wall: refundWall, at: wallClockToInstant({ year: 2026, month: 9, ...refundWall }, CHANNELS[channel].zone) } : null,
        ...(channel === 'fenpay' && i === 5 ? { internalAmount: amount + 500 } : {}),
      });
    }
  });
  return orders;
}

const ORDERS = monthOrders();
/** An order the in-house system has and PayLink's bill lacks. */
const MISSING = { orderId: 'M1999', channel: 'paylink' as const, amount: 4321, at: wallClockToInstant({ year: 2026, month: 9, day: 15, hour: 12, minute: 0, second: 0 }, 'Asia/Shanghai') };

const yuan = (minor: number) => minorToDecimal(minor);
const grouped = (minor: number) => minorToDecimal(minor).replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',');
const two = (n: number) => String(n).padStart(2, '0');
const of = (channel: ChannelId) => ORDERS.filter((o) => o.channel === channel);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

// ---- the four bills, each in its own layout -----------------------------------------------------

function unionbankXlsx(): Buffer {
  const rows: unknown[][] = [
    ['某某银行 商户收单交易明细'],
    ['商户名称：某某游戏有限公司', '', '', '', '查询期间：2026-09-01 至 2026-09-30'],
    [],
    ['交易信息', '', '', '收入', '', '支出', '', '备注'],
    ['交易时间', '流水号', '订单号', '金额', '手续费', '金额', '手续费', ''],
  ];
  const stamp = (w: Order['wall']) => `2026/09/${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
  let count = 0;
  for (const o of of('unionbank')) {
    rows.push([stamp(o.wall), o.txnId, o.orderId, Number(yuan(o.amount)), Number(yuan(o.fee)), '', '', '']);
    count++;
    if (o.refund) {
      rows.push([stamp(o.refund.wall), o.refund.txnId, o.orderId, '', '', Number(yuan(o.refund.amount)), Number(yuan(o.refund.fee)), '部分退款']);
      count++;
    }
  }
  const refunds = of('unionbank').flatMap((o) => (o.refund ? [o.refund] : []));
  rows.push(['合计', `共${count}笔`, '', Number(yuan(sum(of('unionbank').map((o) => o.amount)))), '', Number(yuan(sum(refunds.map((r) => r.amount)))), '', '']);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['导出说明'], ['金额单位：元']]), '说明');
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = ['A1:H1', 'A4:C4', 'D4:E4', 'F4:G4', 'H4:H5'].map((r) => XLSX.utils.decode_range(r));
  XLSX.utils.book_append_sheet(wb, ws, '交易明细');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}

function paylinkCsv(): Buffer {
  const lines = ['Date,Reference,Merchant Order,D/C,Amount,Fee,Description'];
  const stamp = (w: Order['wall']) => `09/${two(w.day)}/2026 ${two(w.hour)}:${two(w.minute)}`;
  let count = 0;
  for (const o of of('paylink')) {
    lines.push(`${stamp(o.wall)},${o.txnId},${o.orderId},C,"${grouped(o.amount)}",${yuan(o.fee)},Card sale`);
    count++;
    if (o.refund) {
      lines.push(`${stamp(o.refund.wall)},${o.refund.txnId},${o.orderId},D,"${grouped(o.refund.amount)}",-${yuan(o.refund.fee)},Refund`);
      count++;
    }
  }
  const net = sum(of('paylink').map((o) => o.amount - (o.refund?.amount ?? 0)));
  lines.push(`TOTAL,${count},"${grouped(net)}"`);
  return utf8(lines.join('\n') + '\n');
}

function fenpayCsv(): Buffer {
  const lines = ['商户号：880012345', '账单月份：2026年09月', '交易流水号,商户订单号,交易类型,计费金额(分),应结金额(分),交易时间'];
  const stamp = (w: Order['wall']) => `202609${two(w.day)}${two(w.hour)}${two(w.minute)}${two(w.second)}`;
  let count = 0;
  for (const o of of('fenpay')) {
    lines.push(`${o.txnId},${o.orderId},消费,${o.amount},${o.amount - o.fee},${stamp(o.wall)}`);
    count++;
    if (o.refund) {
      lines.push(`${o.refund.txnId},${o.orderId},退货,${o.refund.amount},${o.refund.amount - o.refund.fee},${stamp(o.refund.wall)}`);
      count++;
    }
  }
  const signed = (f: (x: { amount: number; fee: number }) => number) => sum(of('fenpay').map((o) => f(o) - (o.refund ? f(o.refund) : 0)));
  lines.push(`合计：${count}笔，计费金额${signed((x) => x.amount)}分，应结金额${signed((x) => x.amount - x.fee)}分`);
  return gbk(lines.join('\r\n') + '\r\n');
}

function eurocardCsv(): Buffer {
  const lines = ['Buchungsdatum;Uhrzeit;Zone;Referenz;Bestellnummer;Typ;Betrag;Gebühr'];
  // September in Berlin is summer time: written as CEST, MESZ (declared), +02:00 or the UTC clock.
  const zones = ['CEST', 'MESZ', '+02:00', 'UTC'];
  let k = 0;
  const row = (w: Order['wall'], at: number, ref: string, order: string, type: string, amount: number, fee: number) => {
    const zone = zones[k++ % zones.length]!;
    const clock = zone === 'UTC' ? formatInstant(at, 'UTC') : `2026-09-${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)}`;
    const [date, time] = clock.split(' ') as [string, string];
    const [y, m, d] = date.split('-');
    lines.push(`${d}.${m}.${y};${time};${zone};${ref};${order};${type};${yuan(amount)};${yuan(fee)}`);
  };
  for (const o of of('eurocard')) {
    row(o.wall, o.at, o.txnId, o.orderId, 'Verkauf', o.amount, o.fee);
    if (o.refund) row(o.refund.wall, o.refund.at, o.refund.txnId, o.orderId, 'Erstattung', o.refund.amount, o.refund.fee);
  }
  const refunds = of('eurocard').flatMap((o) => (o.refund ? [o.refund] : []));
  lines.push(`Summe;;;;;;${yuan(sum(of('eurocard').map((o) => o.amount)) - sum(refunds.map((r) => r.amount)))};${yuan(sum(of('eurocard').map((o) => o.fee)) - sum(refunds.map((r) => r.fee)))}`);
  return utf8(lines.join('\n') + '\n');
}

function inhouseCsv(): Buffer {
  const lines = ['订单号,渠道,渠道订单号,商品,订单金额,币种,退款金额,订单状态,下单时间,支付时间,玩家ID'];
  const shanghai = (at: number) => formatInstant(at, 'Asia/Shanghai');
  for (const o of ORDERS) {
    const status = o.refund ? (o.refund.amount === o.amount ? '已退款' : '部分退款') : '支付成功';
    lines.push([o.orderId, CHANNELS[o.channel].alias, o.txnId, '钻石', yuan(o.internalAmount ?? o.amount), CHANNELS[o.channel].currency, yuan(o.refund?.amount ?? 0), status, shanghai(o.at - 30_000), shanghai(o.at), 'U1'].join(','));
  }
  lines.push([MISSING.orderId, CHANNELS.paylink.alias, '', '钻石', yuan(MISSING.amount), 'CNY', '0.00', '支付成功', shanghai(MISSING.at - 30_000), shanghai(MISSING.at), 'U2'].join(','));
  return utf8(lines.join('\n') + '\n');
}

// ---- the profiles a clerk would write for them ---------------------------------------------------

const PROFILES: ProfileInput[] = [
  {
    id: 'unionbank-xlsx', name: '银行收单明细（两行表头）', side: 'channel', channelId: 'unionbank',
    detect: { headers: ['流水号', '订单号', '收入/金额', '支出/金额'] },
    read: { sheet: '交易明细', headerRows: 2 },
    fields: {
      channelTxnId: { from: '流水号' }, orderId: { from: '订单号' }, memo: { from: '备注' },
      kind: { bySign: true }, amount: { credit: '收入/金额', debit: '支出/金额' },
      fee: { compute: '[收入/手续费] + [支出/手续费]', emptyIsZero: true },
      time: { from: '交易时间' },
    },
    totals: { labelRows: [{ label: '合计', values: [
      { column: '流水号', pattern: '共(\\d+)笔', measure: 'count' },
      { column: '收入/金额', kind: 'payment', measure: 'amount' },
      { column: '支出/金额', kind: 'refund', measure: 'amount' },
    ] }], required: true },
  },
  {
    id: 'paylink-csv', name: 'PayLink settlement CSV', side: 'channel', channelId: 'paylink',
    detect: { headers: ['Date', 'Reference', 'Merchant Order', 'D/C', 'Amount'] },
    fields: {
      channelTxnId: { from: 'Reference' }, orderId: { from: 'Merchant Order' }, memo: { from: 'Description' },
      kind: { bySign: true },
      amount: { from: 'Amount', direction: { from: 'D/C', credit: ['C'], debit: ['D'] } },
      fee: { from: 'Fee', charged: 'positive' },
      time: { from: 'Date', format: 'MM/dd/yyyy HH:mm' },
    },
    totals: { lines: [{ pattern: '^TOTAL,(\\d+),([\\d,.]+)', values: [{ group: 1, measure: 'count' }, { group: 2, measure: 'amount' }] }], required: true },
    naturalKey: ['channelTxnId', 'kind'],
  },
  {
    id: 'fenpay-gbk', name: '分付对账单（分）', side: 'channel', channelId: 'fenpay',
    detect: { headers: ['交易流水号', '计费金额(分)', '应结金额(分)'] },
    read: { encoding: 'gb18030' },
    fields: {
      channelTxnId: { from: '交易流水号' }, orderId: { from: '商户订单号' },
      kind: { from: '交易类型', map: { 消费: 'payment', 退货: 'refund' } },
      amount: { from: '计费金额(分)', unit: 'fen' },
      fee: { compute: '[计费金额(分)] - [应结金额(分)]', unit: 'fen' },
      time: { from: '交易时间', format: 'yyyyMMddHHmmss' },
    },
    totals: { lines: [{ pattern: '合计：(\\d+)笔，计费金额(-?\\d+)分，应结金额(-?\\d+)分', values: [
      { group: 1, measure: 'count' }, { group: 2, measure: 'amount', unit: 'fen' }, { group: 3, measure: 'net', unit: 'fen' },
    ] }], required: true },
  },
  {
    id: 'eurocard-csv', name: 'EuroCard Abrechnung', side: 'channel', channelId: 'eurocard',
    detect: { headers: ['Buchungsdatum', 'Referenz', 'Betrag'] },
    read: { delimiter: ';' },
    layout: { summaryLabels: ['Summe'] },
    fields: {
      channelTxnId: { from: 'Referenz' }, orderId: { from: 'Bestellnummer' },
      kind: { from: 'Typ', map: { Verkauf: 'payment', Erstattung: 'refund' } },
      amount: { from: 'Betrag' }, fee: { from: 'Gebühr' },
      time: { from: 'Buchungsdatum', timeFrom: 'Uhrzeit', format: 'dd.MM.yyyy', zoneFrom: 'Zone', zones: { MESZ: '+02:00' } },
    },
    totals: { labelRows: [{ label: 'Summe', values: [{ column: 'Betrag', measure: 'amount' }, { column: 'Gebühr', measure: 'fees' }] }], required: true },
  },
];

// ---- the month -------------------------------------------------------------------------------------

let t: ReturnType<typeof sampleWorkspace>;
beforeAll(() => {
  t = sampleWorkspace();
  for (const [id, c] of Object.entries(CHANNELS)) saveChannel(t.ws.db, { id, name: id, aliases: [c.alias], timeZone: c.zone, currency: c.currency });
  for (const p of PROFILES) addProfile(t.ws.db, p);
  addProfile(t.ws.db, JSON.parse(readFileSync(join(__dirname, '../../../demo/profiles/inhouse.json'), 'utf8')) as ProfileInput);
});
afterAll(() => t.cleanup());

describe('a month of four new layouts through user profiles only', () => {
  it('detects each bill by its profile, checks its own totals and accounts for every row', () => {
    const bills: [string, Buffer, string][] = [
      ['交易明细_202609.xlsx', unionbankXlsx(), 'unionbank-xlsx'],
      ['paylink_settlement_2026-09.csv', paylinkCsv(), 'paylink-csv'],
      ['fenpay_202609.csv', fenpayCsv(), 'fenpay-gbk'],
      ['eurocard_2026_09.csv', eurocardCsv(), 'eurocard-csv'],
    ];
    for (const [name, bytes, profileId] of bills) {
      const s = importFile(t.ws.db, bytes, name);
      const channel = PROFILES.find((p) => p.id === profileId)!.channelId as ChannelId;
      const refunds = of(channel).filter((o) => o.refund).length;
      expect(s, name).toMatchObject({ profileId, channelId: channel, footerChecked: true, accepted: 12 + refunds, payments: 12, refunds, periods: ['2026-09'] });
      expect(s.dataRows + s.skipped).toBe(s.rowsInFile);
    }
    const inhouse = importFile(t.ws.db, inhouseCsv(), 'inhouse_orders_202609.csv', { internal: true });
    expect(inhouse).toMatchObject({ profileId: 'inhouse', accepted: ORDERS.length + 1 });
    runMatch(t.ws.db, { period: '2026-09' });
  });

  it.each(Object.keys(CHANNELS) as ChannelId[])('reconciles %s to the figures of the orders themselves', (channel) => {
    const r = computeReport(t.ws.db, { period: '2026-09', channelId: channel }).channels[0]!;
    const orders = of(channel);
    const refunds = orders.flatMap((o) => (o.refund ? [o.refund] : []));
    const gross = sum(orders.map((o) => o.amount));
    const refundTotal = sum(refunds.map((x) => x.amount));
    const fees = sum(orders.map((o) => o.fee)) - sum(refunds.map((x) => x.fee));
    const mismatched = orders.filter((o) => o.internalAmount !== undefined);
    const missing = channel === MISSING.channel ? 1 : 0;
    expect({ payRows: r.payment_rows, refundRows: r.refund_rows, gross: r.gross, refunds: r.refunds, fees: r.fees, net: r.net, currency: r.currency }).toEqual({
      payRows: 12, refundRows: refunds.length, gross, refunds: refundTotal, fees, net: gross - refundTotal - fees, currency: CHANNELS[channel].currency,
    });
    expect(r.counts).toMatchObject({ matched: 12 - mismatched.length, amount_mismatch: mismatched.length, internal_only: missing, channel_only: 0, refund_mismatch: 0, duplicate: 0 });
    expect(r.disputed).toBe(sum(mismatched.map((o) => o.amount - o.fee)));
    expect(r.agreed).toBe(gross - refundTotal - fees - r.disputed);
    expect(r.claims).toBe(missing ? MISSING.amount : 0);
  });
});
