// A month of four channels whose bills no built-in reads, imported through user profiles only (no
// --profile, no --channel), matched against the in-house export and reported: a bank portal's web page
// saved as .xls (GBK), an acquirer's fixed-width GBK file cut by bytes, a ZIP of daily CSV bills, and
// a UTF-16 export without a BOM. The expected figures are computed here from the rows written.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import { runMatch } from '../../../electron/engine/match/run';
import { computeReport } from '../../../electron/engine/report';
import type { ProfileInput } from '../../../shared/profile';
import { tempWorkspace } from '../../helpers/workspace';
import { buildZip } from '../readers/build';
import { addProfile, gbk } from './helpers';

interface Sale {
  order: string;
  txn: string;
  fen: number;
  feeFen: number;
  at: string;
}

const CHANNELS = [
  { id: 'ebank', alias: '网银' },
  { id: 'unionpay', alias: '银联' },
  { id: 'shop', alias: '商城' },
  { id: 'kiosk', alias: '自助机' },
] as const;

/** Six sales per channel: the bill lists the first five and one sale the in-house system does not know. */
function salesOf(k: number): { sales: Sale[]; billOnly: Sale; ordersOnly: Sale } {
  const sales = Array.from({ length: 6 }, (_, i): Sale => ({
    order: `O${k}${String(i).padStart(4, '0')}`,
    txn: `${k}${String(900000000000000000 + i * 7919 + k)}`,
    fen: 1000 + 137 * i + 11 * k,
    feeFen: k === 0 ? 0 : 6 + i,
    at: `2026-09-${String(3 + i * 4).padStart(2, '0')} 1${i}:2${k}:00`,
  }));
  return { sales: sales.slice(0, 5), ordersOnly: sales[5]!, billOnly: { order: `X${k}0001`, txn: `${k}777777777777777777`, fen: 4321, feeFen: k === 0 ? 0 : 9, at: '2026-09-28 09:00:00' } };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

// --- the four bills and their profiles ---------------------------------------------------------

function bankPage(rows: Sale[]): Buffer {
  const tr = (s: Sale) => `<tr><td>${s.at}</td><td style="mso-number-format:'\\@'">${s.txn}</td><td>${s.order}</td><td>&nbsp;</td><td>${yuan(s.fen)}</td></tr>`;
  return gbk(`<html><head><meta charset="gb2312"></head><body><table><tr><td colspan="5">交易明细查询</td></tr>
<tr><th>交易时间</th><th>交易流水号</th><th>客户附言</th><th>借方发生额</th><th>贷方发生额</th></tr>${rows.map(tr).join('\n')}</table></body></html>`);
}
const bankProfile: ProfileInput = {
  id: 'ebank-page', name: '网银网页导出', side: 'channel', channelId: 'ebank',
  detect: { headers: ['交易时间', '交易流水号', '客户附言', '贷方发生额'] },
  fields: {
    channelTxnId: { from: '交易流水号' }, orderId: { from: '客户附言' }, kind: { bySign: true },
    amount: { credit: '贷方发生额', debit: '借方发生额', sign: 'as-is', emptyIsZero: true }, time: { from: '交易时间' },
  },
};

const WIDTHS = [['交易代码', 3], ['查询流水号', 21], ['交易时间', 14], ['交易金额', 12], ['商户手续费', 12], ['商户简称', 12], ['商户订单号', 10]] as const;
function fixedFile(rows: Sale[]): Buffer {
  const line = (s: Sale) => ['S22', s.txn.padEnd(21), s.at.replace(/[- :]/g, ''), String(s.fen).padStart(12, '0'), String(s.feeFen).padStart(12, '0'),
    '某某商户' + ' '.repeat(12 - iconv.encode('某某商户', 'gbk').length), s.order.padEnd(10)].join(' ');
  const total = rows.reduce((n, s) => n + s.fen, 0);
  return gbk([...rows.map(line), `TOTAL ${rows.length} ${yuan(total)}`].join('\n'));
}
const fixedProfile: ProfileInput = {
  id: 'unionpay-zm', name: '银联对账文件', side: 'channel', channelId: 'unionpay',
  detect: { headers: ['交易代码', '查询流水号', '商户订单号'] },
  read: { fixedWidth: { unit: 'byte', columns: (() => { let at = 1; return WIDTHS.map(([name, width]) => { const c = { name, start: at, width }; at += width + 1; return c; }); })(), trailer: '^TOTAL' } },
  fields: {
    channelTxnId: { from: '查询流水号' }, orderId: { from: '商户订单号' }, kind: { from: '交易代码', map: { S22: 'payment', S30: 'refund' } },
    amount: { from: '交易金额', unit: 'fen' }, fee: { from: '商户手续费', unit: 'fen' }, time: { from: '交易时间' }, memo: { from: '商户简称' },
  },
  totals: { lines: [{ pattern: '^TOTAL\\s+(\\d+)\\s+([\\d.]+)', kind: 'all', countGroup: 1, amountGroup: 2 }], required: true },
};

function shopZip(rows: Sale[]): Buffer {
  const byDay = new Map<string, Sale[]>();
  for (const s of rows) byDay.set(s.at.slice(0, 10), [...(byDay.get(s.at.slice(0, 10)) ?? []), s]);
  byDay.set('2026-09-30', []);
  const entries = [...byDay].sort().map(([day, sales]) => ({
    name: `shop_${day.replace(/-/g, '')}.csv`,
    data: ['订单编号,支付单号,支付时间,实收金额,平台服务费', ...sales.map((s) => `${s.order},${s.txn},${s.at},${yuan(s.fen)},${yuan(s.feeFen)}`),
      `合计笔数,${sales.length},合计金额,${yuan(sales.reduce((n, s) => n + s.fen, 0))}`].join('\r\n'),
  }));
  return buildZip([...entries, { name: 'README.txt', data: '每日账单' }]);
}
const shopProfile: ProfileInput = {
  id: 'shop-daily', name: '商城每日账单', side: 'channel', channelId: 'shop',
  detect: { headers: ['订单编号', '支付单号', '支付时间', '实收金额'] },
  fields: { channelTxnId: { from: '支付单号' }, orderId: { from: '订单编号' }, kind: { value: 'payment' }, amount: { from: '实收金额' }, fee: { from: '平台服务费', emptyIsZero: true }, time: { from: '支付时间' } },
  totals: { lines: [{ pattern: '^合计笔数,(\\d+),合计金额,([\\d.]+)', kind: 'payment', countGroup: 1, amountGroup: 2 }], required: true },
};

function kioskFile(rows: Sale[]): Buffer {
  return Buffer.from(['单号;流水;时间;金额;费用', ...rows.map((s) => `${s.order};${s.txn};${s.at.replace(/-/g, '/')};${yuan(s.fen)};${yuan(s.feeFen)}`)].join('\r\n'), 'utf16le');
}
const kioskProfile: ProfileInput = {
  id: 'kiosk-export', name: '自助机导出', side: 'channel', channelId: 'kiosk',
  read: { encoding: 'utf-16le', delimiter: ';' },
  detect: { headers: ['单号', '流水', '时间', '金额', '费用'] },
  fields: { channelTxnId: { from: '流水' }, orderId: { from: '单号' }, kind: { value: 'payment' }, amount: { from: '金额' }, fee: { from: '费用' }, time: { from: '时间' } },
};

let t: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  t = tempWorkspace();
});
afterEach(() => t.cleanup());

describe('a month of four new layouts through user profiles only', () => {
  it('imports, matches and reports each channel with the figures of the rows written', () => {
    const db = t.ws.db;
    for (const c of CHANNELS) saveChannel(db, { id: c.id, name: c.alias, aliases: [c.alias], timeZone: 'Asia/Shanghai' });
    addProfile(db, JSON.parse(readFileSync(join(__dirname, '../../../demo/profiles/inhouse.json'), 'utf8')));
    for (const p of [bankProfile, fixedProfile, shopProfile, kioskProfile]) addProfile(db, p);

    const data = CHANNELS.map((_, k) => salesOf(k));
    const bills: [Buffer, string][] = [
      [bankPage([...data[0]!.sales, data[0]!.billOnly]), '交易明细_202609.xls'],
      [fixedFile([...data[1]!.sales, data[1]!.billOnly]), 'INN26093000ZM_777290058138766'],
      [shopZip([...data[2]!.sales, data[2]!.billOnly]), 'shop_202609.zip'],
      [kioskFile([...data[3]!.sales, data[3]!.billOnly]), 'kiosk_202609.csv'],
    ];
    const profiles = bills.map(([bytes, name]) => importFile(db, bytes, name).profileId);
    expect(profiles).toEqual(['ebank-page', 'unionpay-zm', 'shop-daily', 'kiosk-export']);

    const orders = ['订单号,渠道,渠道订单号,商品,订单金额,币种,退款金额,订单状态,下单时间,支付时间,玩家ID'];
    data.forEach((d, k) => {
      for (const s of [...d.sales, d.ordersOnly]) orders.push(`${s.order},${CHANNELS[k]!.alias},${s.txn},商品,${yuan(s.fen)},CNY,0.00,支付成功,${s.at},${s.at},U${k}`);
    });
    expect(importFile(db, Buffer.from(orders.join('\n')), 'orders_202609.csv').profileId).toBe('inhouse');

    runMatch(db, { period: '2026-09' });
    CHANNELS.forEach((c, k) => {
      const billed = [...data[k]!.sales, data[k]!.billOnly];
      const gross = billed.reduce((n, s) => n + s.fen, 0);
      const fees = billed.reduce((n, s) => n + s.feeFen, 0);
      const r = computeReport(db, { period: '2026-09', channelId: c.id }).channels[0]!;
      expect({ channel: c.id, payRows: r.payment_rows, gross: r.gross, fees: r.fees, net: r.net, counts: Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0)) }).toEqual({
        channel: c.id, payRows: 6, gross, fees, net: gross - fees, counts: { matched: 5, channel_only: 1, internal_only: 1 },
      });
    });
  });
});
