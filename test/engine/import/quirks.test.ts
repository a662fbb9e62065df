// One small file per quirk of real bills (formats.md), each read through the real readers and
// profiles. Each test fails if its quirk is mishandled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { addProfile, gbk, records, sampleWorkspace, testProfile, userError, utf8, xlsx } from './helpers';

let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
});
afterEach(() => t.cleanup());

const at = (iso: string) => Date.parse(iso);

const WECHAT_HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
function wechatRow(time: string, txn: string, order: string, status: string, amount: string, refundId: string, refund: string, fee: string): string {
  return [time, 'wx1', '1627859777', '0', '', txn, order, 'openid', 'NATIVE', status, 'OTHERS', 'CNY', amount, '0.00', refundId, refundId === '0' ? '0' : 'R1', refund, '0.00', '', '', '商品', '', fee, '0.60%', amount, refund, ''].map((v) => '`' + v).join(',');
}

const ALIPAY_HEADER = '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';
function alipayRow(txn: string, order: string, type: string, time: string, amount: string, refundId: string, fee: string): string {
  return `${txn}\t,${order}\t,${type}\t,商品,${time},${time},\t,\t,\t,\t,*伟(198****8709)\t,${amount},${amount},0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,${refundId}\t,${fee},0.00,`;
}
function alipayBill(rows: string[], footer: { pay: [number, string]; refund: [number, string] }): Buffer {
  return gbk([
    '#支付宝业务明细查询',
    '#账号：[20881234567890120156]',
    '#起始日期：[2026年09月01日 00:00:00]   终止日期：[2026年10月01日 00:00:00]',
    '#-----------------------------------------业务明细列表----------------------------------------',
    ALIPAY_HEADER,
    ...rows,
    '#-----------------------------------------业务明细列表结束------------------------------------',
    `#交易合计：${footer.pay[0]}笔，商家实收共${footer.pay[1]}元，商家优惠共0.00元`,
    `#退款合计：${footer.refund[0]}笔，商家实收退款共${footer.refund[1]}元，商家优惠退款共0.00元`,
    '#导出时间：[2026年10月04日 10:12:33]',
    '',
  ].join('\r\n'));
}

describe('Alipay merchant bill (GBK, # preamble and footer, TAB after ids)', () => {
  it('strips the TAB after ids, reads refunds by 业务类型, stores fees as absolute values and checks the footer', () => {
    const bytes = alipayBill([
      alipayRow('2026090122001600772265128723301', 'G1', '交易', '2026-09-01 00:42:47', '6.00', '', '-0.04'),
      alipayRow('2026090122001600772265128723301', 'G1', '退款', '2026-09-02 10:00:00', '-2.00', 'R20260902001', '0.01'),
    ], { pay: [1, '6.00'], refund: [1, '-2.00'] });
    const s = importFile(t.ws.db, bytes, 'alipay.csv');
    expect(s.profileId).toBe('alipay-trade');
    expect(s.footerChecked).toBe(true);
    expect(s.skippedByReason).toMatchObject({ preamble: 4, header: 1, footer: 4 });
    const [pay, refund] = records(t.ws.db);
    expect(pay).toMatchObject({ kind: 'payment', channel_txn_id: '2026090122001600772265128723301', order_id: 'G1', amount_minor: 600, fee_minor: 4, refund_id: null });
    expect(refund).toMatchObject({ kind: 'refund', channel_txn_id: '2026090122001600772265128723301', refund_id: 'R20260902001', amount_minor: 200, fee_minor: 1 });
    expect(pay!.raw[0]).toBe('2026090122001600772265128723301\t');
  });

  it('refuses a file whose footer totals disagree with its rows, showing both figures', () => {
    const bytes = alipayBill([alipayRow('2026090122001600772265128723301', 'G1', '交易', '2026-09-01 00:42:47', '6.00', '', '-0.04')], { pay: [1, '7.00'], refund: [0, '0.00'] });
    const e = userError(() => importFile(t.ws.db, bytes, 'alipay.csv'));
    expect(e.key).toBe('import.footer_mismatch');
    expect(e.zh).toContain('文件合计 7.00，实际读到 6.00');
    expect(e.en).toContain('file says 7.00, rows read give 6.00');
    expect(records(t.ws.db)).toHaveLength(0);
  });
});

describe('WeChat Pay trade bill', () => {
  function bill(rows: string[], summary: string): Buffer {
    return utf8('\uFEFF' + [WECHAT_HEADER, ...rows, '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额', summary].join('\r\n') + '\r\n');
  }

  it('strips backticks, takes refund amounts from 退款金额, rounds 5-decimal fees half-up, filters REVOKED with a count, drops the refund-id placeholder on payments', () => {
    const bytes = bill([
      wechatRow('2026-09-01 00:20:53', '4200028895202609012056348923', 'G1', 'SUCCESS', '30.00', '0', '0.00', '0.18500'),
      wechatRow('2026-09-02 00:20:53', '4200028895202609012056348923', 'G1', 'REFUND', '0.00', '50303108562024011601487282563', '10.00', '-0.06000'),
      wechatRow('2026-09-03 00:20:53', '4200028895202609012056348999', 'G2', 'REVOKED', '5.00', '0', '0.00', '0.00000'),
    ], '`2,`30.00,`10.00,`0.00,`0.12500,`30.00,`10.00');
    const s = importFile(t.ws.db, bytes, 'wechat.csv');
    expect(s.filtered).toBe(1);
    expect(s.filteredByReason).toEqual({ '交易状态=REVOKED': 1 });
    const [pay, refund] = records(t.ws.db);
    // The bill's 0 in 微信退款单号 on a payment is a placeholder, not a refund id.
    expect(pay).toMatchObject({ order_id: 'G1', channel_txn_id: '4200028895202609012056348923', kind: 'payment', amount_minor: 3000, fee_minor: 19, currency: 'CNY', status: 'SUCCESS', refund_id: null });
    expect(refund).toMatchObject({ kind: 'refund', amount_minor: 1000, fee_minor: 6, refund_id: '50303108562024011601487282563' });
  });

  it('refuses a bill whose summary row disagrees, and a bill cut before its summary', () => {
    const row = wechatRow('2026-09-01 00:20:53', '4200028895202609012056348923', 'G1', 'SUCCESS', '30.00', '0', '0.00', '0.18000');
    const wrong = userError(() => importFile(t.ws.db, bill([row], '`2,`30.00,`0.00,`0.00,`0.18000,`30.00,`0.00'), 'w.csv'));
    expect(wrong.key).toBe('import.footer_mismatch');
    expect(wrong.en).toContain('file says 2, rows read give 1');
    const cut = userError(() => importFile(t.ws.db, utf8([WECHAT_HEADER, row].join('\r\n')), 'w2.csv'));
    expect(cut.key).toBe('import.totals_missing');
    expect(cut.zh).toContain('不完整');
  });
});

describe('WeChat Pay legacy header generation', () => {
  it('reads 总金额 and the legacy summary row 总交易额/总退款金额', () => {
    const header = '交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,总金额,企业红包金额,微信退款单号,商户退款单号,退款金额,企业红包退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率';
    const row = (status: string, amount: string, refundId: string, refund: string, fee: string) =>
      ['2016-05-01 10:00:00', 'wx1', '1', '', '', '4001', 'S1', 'o1', 'JSAPI', status, 'CMB', 'CNY', amount, '0.00', refundId, refundId, refund, '0.00', '', '', 'x', '', fee, '0.60%'].map((v) => '`' + v).join(',');
    const text = [header, row('SUCCESS', '10.00', '0', '0.00', '0.06000'), row('REFUND', '0.00', '5001', '4.00', '-0.02000'), '总交易单数,总交易额,总退款金额,总企业红包退款金额,手续费总金额', '`2,`10.00,`4.00,`0.00,`0.04000'].join('\n');
    const s = importFile(t.ws.db, utf8(text), 'legacy.csv');
    expect(s).toMatchObject({ profileId: 'wechat-trade', footerChecked: true, payments: 1, refunds: 1 });
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.fee_minor])).toEqual([['payment', 1000, 6], ['refund', 400, 2]]);
  });
});

describe('Stripe balance export', () => {
  it('reads UTC times, upper-cases the currency, extracts the order id and periods by the channel zone', () => {
    const csv = [
      'id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Available On (UTC),Description',
      'txn_2,refund,ch_1,-249.00,-7.52,-241.48,usd,2026-09-30 20:00,2026-10-02 00:00,REFUND FOR CHARGE (Spree Order ID: R023318196-BGR5XETC)',
      'txn_1,charge,ch_1,"1,849.00",24.92,1824.08,usd,2026-09-14 07:45,2026-09-16 00:00,Spree Order ID: R023318196-BGR5XETC',
      'txn_3,payout,po_1,-500.00,0.00,-500.00,usd,2026-09-15 00:00,2026-09-15 00:00,STRIPE PAYOUT',
    ].join('\n');
    const s = importFile(t.ws.db, utf8(csv), 'stripe.csv', { channelId: 'stripe' });
    expect(s.filteredByReason).toEqual({ 'Type=payout': 1 });
    const [refund, charge] = records(t.ws.db);
    expect(refund).toMatchObject({ kind: 'refund', amount_minor: 24900, fee_minor: 752, currency: 'USD', order_id: 'R023318196-BGR5XETC', channel_txn_id: 'ch_1', refund_id: 'txn_2' });
    // 20:00 UTC on 30 Sep is 04:00 on 1 Oct in Shanghai: the channel's period is October.
    expect(refund!.occurred_at).toBe(at('2026-09-30T20:00:00Z'));
    expect(refund!.period).toBe('2026-10');
    expect(charge).toMatchObject({ kind: 'payment', amount_minor: 184900, order_id: 'R023318196-BGR5XETC', period: '2026-09' });
  });
});

describe('cell clean-up in a user profile', () => {
  it('handles ="…", backticks, TABs inside and outside quotes, padding, U+3000, placeholders, ¥ and thousands separators, leading zeros', () => {
    addProfile(t.ws.db, testProfile({ fields: { fee: { from: '手续费', emptyIsZero: true }, refundId: { from: '退款号' } } }));
    const csv = [
      '流水号,订单号,金额（元）,时间,备注,手续费,退款号',
      '="000123",`000456,"¥1,234.50",2026-09-01 10:00:00,/,--,-',
      '"T2"\t,\tO2\t,  -12.00  ,2026/09/02  08:00:00,\u3000备注\u3000,0.10,R9',
    ].join('\n');
    const s = importFile(t.ws.db, utf8(csv), 'bank.csv');
    expect(s.accepted).toBe(2);
    const [a, b] = records(t.ws.db);
    expect(a).toMatchObject({ channel_txn_id: '000123', order_id: '000456', amount_minor: 123450, kind: 'payment', memo: null, fee_minor: 0, refund_id: null });
    expect(b).toMatchObject({ channel_txn_id: 'T2', order_id: 'O2', amount_minor: 1200, kind: 'refund', memo: '备注', fee_minor: 10, refund_id: 'R9' });
    expect(a!.occurred_at).toBe(at('2026-09-01T02:00:00Z'));
    expect(b!.occurred_at).toBe(at('2026-09-02T00:00:00Z'));
  });

  it('matches header names with full-width brackets, extra spaces and different case', () => {
    addProfile(t.ws.db, testProfile({ detect: { headers: ['流水号', '金额 (元)', '时间'] }, fields: { amount: { from: '金额  (元)', sign: 'as-is' } } }));
    importFile(t.ws.db, utf8('流水号,订单号,金额（元）,时间,备注\nT1,O1,5.00,2026-09-01 10:00:00,\n'), 'bank.csv');
    expect(records(t.ws.db)[0]!.amount_minor).toBe(500);
  });

  it('reads fen integers when the profile says unit fen', () => {
    addProfile(t.ws.db, testProfile({ fields: { amount: { from: '金额(元)', unit: 'fen', sign: 'as-is' } } }));
    importFile(t.ws.db, utf8('流水号,订单号,金额(元),时间,备注\nT1,O1,12345,2026-09-01 10:00:00,\n'), 'bank.csv');
    expect(records(t.ws.db)[0]!.amount_minor).toBe(12345);
  });

  it('reads yyyyMMdd and HHmmss from two columns', () => {
    addProfile(t.ws.db, testProfile({ detect: { headers: ['流水号', '金额(元)', '日期'] }, fields: { time: { from: '日期', timeFrom: '时间' } } }));
    importFile(t.ws.db, utf8('流水号,订单号,金额(元),日期,时间,备注\nT1,O1,1.00,20260930,235959,\n'), 'bank.csv');
    const r = records(t.ws.db)[0]!;
    expect(r.occurred_at).toBe(at('2026-09-30T15:59:59Z'));
    expect(r.period).toBe('2026-09');
  });

  it('reads separate credit and debit columns (Alipay 账务明细) with refunds from the debit side', () => {
    const text = [
      '#支付宝账务明细查询',
      '#账号：[20888011365400330156]',
      '#-----------------------------------------账务明细列表----------------------------------------',
      '账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注',
      '54632446537371\t,2012122923922029\t,3226563\t,海航机票\t,2026-09-29 21:02:06,陈 (k@126.com)\t,2274.00,0.00,14533.03,支付宝,在线支付,',
      '54632446537372\t,2012122923922029\t,3226563\t,海航机票\t,2026-09-29 22:02:06,陈 (k@126.com)\t,0.00,274.00,14259.03,支付宝,交易退款,',
      '#----------------------------------------账务明细列表结束-------------------------------------',
      '#支出合计：1笔，共-274.00元',
      '#收入合计：1笔，共2274.00元',
    ].join('\n');
    importFile(t.ws.db, gbk(text), '20888011365400330156_账务明细.csv');
    const [inc, out] = records(t.ws.db);
    expect(inc).toMatchObject({ kind: 'payment', amount_minor: 227400, channel_txn_id: '2012122923922029', order_id: '3226563' });
    expect(out).toMatchObject({ kind: 'refund', amount_minor: 27400 });
  });

  it('skips key/value rows above the header and 合计/总计 summary rows, counting them', () => {
    addProfile(t.ws.db, testProfile());
    const csv = ['账号：,6222 0000 1111,,,', '币　　种：,人民币,,,', ',,,,', '流水号,订单号,金额(元),时间,备注', 'T1,O1,1.00,2026-09-01 10:00:00,', 'T2,O2,2.00,2026-09-01 11:00:00,', '合计,,3.00,,', '总计：,,3.00,,'].join('\n');
    const s = importFile(t.ws.db, utf8(csv), 'bank.csv');
    expect(s.accepted).toBe(2);
    expect(s.skippedByReason).toMatchObject({ preamble: 3, header: 1, summary: 2 });
    expect(s.rowsInFile).toBe(8);
  });

  it('refuses an id written in scientific notation, telling how to re-export', () => {
    addProfile(t.ws.db, testProfile());
    const e = userError(() => importFile(t.ws.db, utf8('流水号,订单号,金额(元),时间,备注\n1.23457E+17,O1,1.00,2026-09-01 10:00:00,\n'), 'bank.csv'));
    expect(e.key).toBe('import.bad_value');
    expect(e.details).toMatchObject({ row: 2, column: '流水号', value: '1.23457E+17' });
    expect(e.zh).toContain('文本');
    expect(e.en).toContain('Format the column as Text');
  });
});

describe('spreadsheet cells', () => {
  it('uses the exact text of numeric amount cells (100.1 → 100.10) and reads Excel date cells and serials', () => {
    addProfile(t.ws.db, testProfile());
    const bytes = xlsx([
      ['银行流水明细'],
      ['流水号', '订单号', '金额(元)', '时间', '备注'],
      ['T1', 'O1', 100.1, { t: 'n', v: 46266.4375, z: 'yyyy-mm-dd hh:mm:ss' }, ''],
      ['T2', 'O2', 12, 46296.5, ''],
    ], { merges: ['A1:E1'] });
    const s = importFile(t.ws.db, bytes, 'bank.xlsx');
    expect(s.container).toBe('xlsx');
    const [a, b] = records(t.ws.db);
    expect(a!.amount_minor).toBe(10010);
    expect(b!.amount_minor).toBe(1200);
    expect(a!.occurred_at).toBe(at('2026-09-01T02:30:00Z'));
    // A date cell (46266.4375 = 2026-09-01 10:30) and a bare serial: 46296.5 is 2026-10-01 12:00 wall clock in the channel's zone.
    expect(b!.occurred_at).toBe(at('2026-10-01T04:00:00Z'));
    expect(b!.period).toBe('2026-10');
  });

  it('reads date serials of a workbook in the 1904 date system', () => {
    addProfile(t.ws.db, testProfile());
    const bytes = xlsx([['流水号', '订单号', '金额(元)', '时间', '备注'], ['T1', 'O1', 1, { t: 'n', v: 44804.4375, z: 'yyyy-mm-dd hh:mm:ss' }, '']], { date1904: true });
    importFile(t.ws.db, bytes, 'bank1904.xlsx');
    expect(records(t.ws.db)[0]!.occurred_at).toBe(at('2026-09-01T02:30:00Z'));
  });

  it('refuses an 18-digit id that Excel stored as a number', () => {
    addProfile(t.ws.db, testProfile());
    const bytes = xlsx([['流水号', '订单号', '金额(元)', '时间', '备注'], [123456789012345678, 'O1', 1, '2026-09-01 10:00:00', '']]);
    const e = userError(() => importFile(t.ws.db, bytes, 'bank.xlsx'));
    expect(e.key).toBe('import.bad_value');
    expect(e.details).toMatchObject({ row: 2, column: '流水号' });
    expect(e.en).toContain('Excel stored the id as a number');
    expect(records(t.ws.db)).toHaveLength(0);
  });
});

describe('in-house export', () => {
  it('maps 渠道 through channel aliases and rejects rows of an unknown channel with a count', () => {
    addProfile(t.ws.db, {
      id: 'orders', name: 'orders', side: 'internal', detect: { headers: ['订单号', '渠道', '订单金额'] },
      fields: { orderId: { from: '订单号' }, channel: { from: '渠道', unknown: 'reject-row' }, kind: { value: 'payment' }, amount: { from: '订单金额' }, time: { from: '支付时间', fallback: '下单时间' }, status: { from: '订单状态' } },
    });
    const csv = ['订单号,渠道,订单金额,订单状态,下单时间,支付时间', 'G1,支付宝,6.00,支付成功,2026-09-30 23:59:00,2026-10-01 00:00:05', 'G2,银联,8.00,支付成功,2026-09-01 00:00:00,2026-09-01 00:00:05', 'G3,微信支付,9.00,待支付,2026-09-02 00:00:00,'].join('\n');
    const s = importFile(t.ws.db, utf8(csv), 'orders.csv');
    expect(s).toMatchObject({ accepted: 2, rejected: 1, rejectedByReason: { '渠道=银联': 1 } });
    const [g1, g3] = records(t.ws.db);
    expect(g1).toMatchObject({ side: 'internal', channel_id: 'alipay', period: '2026-10' });
    expect(g3).toMatchObject({ channel_id: 'wechat', occurred_at: at('2026-09-01T16:00:00Z') });
  });
});
