// The built-in bills as people really get them: WeChat Pay's three trade bill types (current and
// legacy headers), Alipay's two footer wordings, the bare 业务明细 CSV, the 账务明细 seller variant in a
// ZIP whose entries are named 财务明细, and personal account exports refused with what to download
// instead. The fixtures are written here after the published layouts (formats.md §1–§4): the same
// headers, backticks, TABs, footers and summary rows, with our own values.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { buildZip } from '../readers/build';
import { dumpContent, gbk, records, sampleWorkspace, userError, utf8 } from './helpers';

let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
});
afterEach(() => t.cleanup());

const at = (local: string): number => Date.parse(`${local.replace(' ', 'T')}+08:00`);

// --- WeChat Pay trade bills ---------------------------------------------------------------------

const ALL_HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注'.split(',');
const SUCCESS_HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注'.split(',');
const REFUND_HEADER = [...ALL_HEADER.slice(0, 14), '退款申请时间', '退款成功时间', ...ALL_HEADER.slice(14)];
/** Merchants onboarded before 2018: 子商户号, 总金额, 企业红包金额, no 订单金额/申请退款金额/费率备注. */
const LEGACY_REFUND_HEADER = '交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,总金额,企业红包金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,企业红包退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率'.split(',');

type Row = Record<string, string>;

const PAY: Row = {
  交易时间: '2026-09-28 10:00:00', 公众账号ID: 'wx9dfe38480f030e85', 商户号: '1627859777', 特约商户号: '0', 子商户号: '0', 设备号: '',
  微信订单号: '4200002086202609280745964084', 商户订单号: 'G202609280001', 用户标识: 'o2RW45oGxo1Z8Fhcf6Oy9rMM7aT8', 交易类型: 'NATIVE',
  交易状态: 'SUCCESS', 付款银行: 'OTHERS', 货币种类: 'CNY', 应结订单金额: '100.00', 总金额: '100.00', 代金券金额: '0.00', 企业红包金额: '0.00',
  微信退款单号: '0', 商户退款单号: '0', 退款金额: '0.00', 充值券退款金额: '0.00', 企业红包退款金额: '0.00', 退款类型: '', 退款状态: '',
  商品名称: '300钻石', 商户数据包: 'cipher code', 手续费: '0.60000', 费率: '0.60%', 订单金额: '100.00', 申请退款金额: '0.00', 费率备注: '',
  退款申请时间: '', 退款成功时间: '',
};

function refundRow(over: Row): Row {
  return {
    ...PAY, 交易状态: 'REFUND', 应结订单金额: '0.00', 总金额: '0.00', 订单金额: '0.00', 微信退款单号: '50303108562026093001487282563',
    商户退款单号: 'R202609300001', 退款金额: '30.00', 申请退款金额: '30.00', 退款类型: 'ORIGINAL', 退款状态: 'SUCCESS', 手续费: '-0.18000', ...over,
  };
}

function wechatBill(header: string[], rows: Row[], summary: [string[], string[]]): Buffer {
  const line = (r: Row) => header.map((h) => `\`${r[h] ?? ''}`).join(',');
  return utf8(`\uFEFF${header.join(',')}\r\n${rows.map(line).join('\r\n')}\r\n${summary[0].join(',')}\r\n${summary[1].map((v) => `\`${v}`).join(',')}\r\n`);
}

describe('WeChat Pay trade bills', () => {
  it('SUCCESS bill: no refund columns and a 4-field summary; read by its own profile', () => {
    const bill = wechatBill(SUCCESS_HEADER, [PAY, { ...PAY, 微信订单号: '4200002086202609280745964085', 商户订单号: 'G202609280002', 应结订单金额: '50.00', 手续费: '0.30000' }],
      [['总交易单数', '应结订单总金额', '手续费总金额', '订单总金额'], ['2', '150.00', '0.90000', '150.00']]);
    const s = importFile(t.ws.db, bill, 'wechat_tradebill_SUCCESS_20260928.csv');
    expect(s.profileId).toBe('wechat-trade-success');
    expect(s.footerChecked).toBe(true);
    expect(records(t.ws.db).map((r) => [r.kind, r.order_id, r.amount_minor, r.fee_minor])).toEqual([
      ['payment', 'G202609280001', 10000, 60], ['payment', 'G202609280002', 5000, 30],
    ]);
  });

  it('SUCCESS bill whose summary disagrees is refused', () => {
    const bill = wechatBill(SUCCESS_HEADER, [PAY], [['总交易单数', '应结订单总金额', '手续费总金额', '订单总金额'], ['1', '99.00', '0.60000', '100.00']]);
    expect(userError(() => importFile(t.ws.db, bill, 'success.csv')).key).toBe('import.footer_mismatch');
  });

  it('ALL bill fits the SUCCESS profile too, but the ALL profile explains more of it', () => {
    const bill = wechatBill(ALL_HEADER, [PAY, refundRow({ 交易时间: '2026-09-30 23:50:00' })],
      [['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'], ['2', '100.00', '30.00', '0.00', '0.42000', '100.00', '30.00']]);
    const s = importFile(t.ws.db, bill, 'all.csv');
    expect(s.profileId).toBe('wechat-trade');
    expect(records(t.ws.db).map((r) => [r.kind, r.refund_id, r.amount_minor])).toEqual([['payment', null, 10000], ['refund', '50303108562026093001487282563', 3000]]);
  });

  it('REFUND bill: a refund takes 退款成功时间, else 退款申请时间, not the payment time in 交易时间', () => {
    const done = refundRow({ 退款申请时间: '2026-09-30 23:50:00', 退款成功时间: '2026-10-01 00:02:00' });
    const pending = refundRow({ 微信退款单号: '50303108562026093001487282564', 商户退款单号: 'R202609300002', 退款金额: '10.00', 申请退款金额: '10.00', 退款状态: 'PROCESSING', 手续费: '-0.06000', 退款申请时间: '2026-09-30 12:00:00', 退款成功时间: '' });
    const bill = wechatBill(REFUND_HEADER, [done, pending],
      [['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'], ['2', '0.00', '40.00', '0.00', '-0.24000', '0.00', '40.00']]);
    const s = importFile(t.ws.db, bill, 'wechat_tradebill_REFUND_20260930.csv');
    expect(s.profileId).toBe('wechat-trade-refund');
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.occurred_at, r.period])).toEqual([
      ['refund', 3000, at('2026-10-01 00:02:00'), '2026-10'],
      ['refund', 1000, at('2026-09-30 12:00:00'), '2026-09'],
    ]);
  });

  it('a REFUND bill imported before the ALL bill of the same day leaves the refund its own time', () => {
    const refund = refundRow({ 退款申请时间: '2026-09-30 23:50:00', 退款成功时间: '2026-09-30 23:51:10' });
    const summary = (n: string, gross: string, refunds: string, fees: string): [string[], string[]] =>
      [['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'], [n, gross, refunds, '0.00', fees, gross, refunds]];
    importFile(t.ws.db, wechatBill(REFUND_HEADER, [refund], summary('1', '0.00', '30.00', '-0.18000')), 'REFUND_20260930.csv');
    const all = importFile(t.ws.db, wechatBill(ALL_HEADER, [PAY, { ...refund, 交易时间: '2026-09-30 23:50:00' }], summary('2', '100.00', '30.00', '0.42000')), 'ALL_20260930.csv');
    expect(all.alreadyPresent).toBe(1);
    const refunds = records(t.ws.db).filter((r) => r.kind === 'refund');
    expect(refunds.map((r) => [r.refund_id, r.occurred_at])).toEqual([['50303108562026093001487282563', at('2026-09-30 23:51:10')]]);
  });

  it('REFUND bill with the legacy header (总金额, 企业红包金额, 5-field summary)', () => {
    const bill = wechatBill(LEGACY_REFUND_HEADER, [refundRow({ 退款申请时间: '2017-03-02 09:00:00', 退款成功时间: '2017-03-02 09:00:05' })],
      [['总交易单数', '总交易额', '总退款金额', '总企业红包退款金额', '手续费总金额'], ['1', '0.00', '30.00', '0.00', '-0.18000']]);
    const s = importFile(t.ws.db, bill, 'refund_2017.csv');
    expect(s.profileId).toBe('wechat-trade-refund');
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.fee_minor, r.occurred_at])).toEqual([['refund', 3000, 18, at('2017-03-02 09:00:05')]]);
  });
});

// --- WeChat Pay fund-flow bill ---------------------------------------------------------------

const FUND_HEADER = '记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号';

function fundBill(rows: string[][], summary: string[]): Buffer {
  const tick = (cells: string[]) => cells.map((c) => `\`${c}`).join(',');
  return utf8([FUND_HEADER, ...rows.map(tick), '资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额', tick(summary)].join('\r\n') + '\r\n');
}

const FUND_ROWS = [
  ['2026-09-28 10:00:05', '4200002086202609280745964084', '4200002086202609280745964084', '交易', '交易', '收入', '100.00', '100.00', '1627859777API', '', 'G202609280001'],
  ['2026-09-28 10:00:05', '4200002086202609280745964084', '4200002086202609280745964085', '交易', '扣除交易手续费', '支出', '0.60', '99.40', '1627859777API', '手续费', 'G202609280001'],
  ['2026-09-29 09:00:00', '50303108562026092901487282563', '4200002086202609290745964086', '退款', '退款', '支出', '30.00', '69.40', '1627859777API', '退款总金额30.00元;含手续费0.18元', 'R202609290001'],
  ['2026-09-29 09:00:00', '50303108562026092901487282563', '4200002086202609290745964087', '退款', '退还交易手续费', '收入', '0.18', '69.58', '1627859777API', '', 'R202609290001'],
  ['2026-09-30 18:00:00', '1000102026093000001', '4200002086202609300745964088', '提现', '提现', '支出', '60.00', '9.58', '1627859777', '提现到银行卡', 'W20260930'],
];

describe('WeChat Pay fund-flow bill (资金账单)', () => {
  it('stores incomes and refunds; fee rows become fees of the period, withdrawals settlement transfers; its summary counts every row', () => {
    // Counts written as decimals, as in the official example.
    const s = importFile(t.ws.db, fundBill(FUND_ROWS, ['5.0', '2.0', '100.18', '3.0', '90.60']), 'fundflow_BASIC_202609.csv');
    expect(s.profileId).toBe('wechat-fundflow');
    expect(s.footerChecked).toBe(true);
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.order_id, r.status])).toEqual([
      ['payment', 10000, 'G202609280001', '交易'], ['refund', 3000, 'R202609290001', '退款'],
    ]);
    expect(s.asides).toEqual([
      { as: 'fee', channelId: 'wechat', currency: 'CNY', period: '2026-09', rows: 2, amountMinor: 42 },
      { as: 'transfer', channelId: 'wechat', currency: 'CNY', period: '2026-09', rows: 1, amountMinor: 6000 },
    ]);
    expect(s.filteredByReason).toEqual({ '业务类型=扣除交易手续费': 1, '业务类型=退还交易手续费': 1, '业务名称=提现': 1 });
    expect(s.dataRows).toBe(s.accepted + s.filtered);
    expect(s.warnings.map((w) => w.en).join('\n')).toMatch(/2026-09: 1 withdrawals, 60.00 CNY in all: settlement transfers, not sales/);
  });

  it('refuses a fund-flow bill whose 支出笔数 disagrees with its rows', () => {
    const e = userError(() => importFile(t.ws.db, fundBill(FUND_ROWS, ['5', '2', '100.18', '2', '90.60']), 'fundflow.csv'));
    expect(e.key).toBe('import.footer_mismatch');
    expect(e.en).toContain('refund rows: file says 2, rows read give 3');
  });
});

// --- Alipay -------------------------------------------------------------------------------------

const TAB = '\t';
const ALIPAY_HEADER = '支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注';

function alipayRow(txn: string, order: string, type: '交易' | '退款', created: string, done: string, orderAmount: string, received: string, refundNo: string, fee: string): string {
  return `${txn}${TAB},${order}${TAB},${type}${TAB},测试商品,${created},${done},${TAB},${TAB},${TAB},${TAB},*津水(602***@qq.com)${TAB},${orderAmount},${received},0.00,0.00,0.00,0.00,0.00,,0.00${TAB},0.00,${refundNo}${TAB},${fee},0.00,`;
}

function alipayDetail(footer: string[]): string {
  return [
    '#支付宝业务明细查询',
    '#账号：[20881234567890120156]',
    '#起始日期：[2026年09月01日 00:00:00]   终止日期：[2026年10月01日 00:00:00]',
    '#-----------------------------------------业务明细列表----------------------------------------',
    ALIPAY_HEADER,
    alipayRow('2026090122001458860515315453', 'A202609010001', '交易', '2026-09-01 10:55:16', '2026-09-01 10:55:23', '10.00', '9.50', '', '-0.06'),
    alipayRow('2026090122001458860515315454', 'A202609010002', '交易', '2026-09-01 11:00:00', '2026-09-01 11:00:02', '20.00', '20.00', '', '-0.12'),
    alipayRow('2026090122001458860515315453', 'A202609010001', '退款', '2026-09-01 10:55:16', '2026-09-02 09:00:00', '-10.00', '-9.50', 're_20260902_1', '0.06'),
    '#-----------------------------------------业务明细列表结束------------------------------------',
    ...footer,
    '#导出时间：[2026年10月02日 05:46:49]',
  ].join('\r\n');
}

describe('Alipay merchant bills', () => {
  it('reads the bare 业务明细 CSV as well as the ZIP', () => {
    const s = importFile(t.ws.db, gbk(alipayDetail(['#交易合计：2笔，商家实收共29.50元，商家优惠共0.00元', '#退款合计：1笔，商家实收退款共-9.50元，商家优惠退款共0.00元'])), '20881234567890120156_202609_业务明细.csv');
    expect(s.profileId).toBe('alipay-trade');
    expect(s.container).toBe('csv');
    expect(s.footerChecked).toBe(true);
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.fee_minor])).toEqual([['payment', 950, 6], ['payment', 2000, 12], ['refund', 950, 6]]);
  });

  it('checks the older footer wording: 交易金额共 X 元，优惠金额共 Y 元 means the merchant received X − Y', () => {
    const older = ['#交易合计：2笔，交易金额共30.00元，优惠金额共0.50元', '#退款合计：1笔，交易退款金额共-10.00元，优惠退款金额共-0.50元'];
    const s = importFile(t.ws.db, gbk(alipayDetail(older)), 'older_业务明细.csv');
    expect(s.footerChecked).toBe(true);
    expect(s.payments).toBe(2);
    const before = dumpContent(t.ws.db);
    const wrong = ['#交易合计：2笔，交易金额共30.00元，优惠金额共0.00元', '#退款合计：1笔，交易退款金额共-10.00元，优惠退款金额共-0.50元'];
    const e = userError(() => importFile(t.ws.db, gbk(alipayDetail(wrong).replace('A202609010002', 'A202609010003')), 'wrong_业务明细.csv'));
    expect(e.key).toBe('import.footer_mismatch');
    expect(e.en).toContain('file says 30.00, rows read give 29.50');
    expect(dumpContent(t.ws.db)).toBe(before);
  });

  it('reads the 16-column 账务明细 of a seller account from entries named 财务明细, not its (汇总)', () => {
    const header = '账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注,业务描述,业务账单来源,业务基础订单号,业务订单号';
    const ledger = [
      '#支付宝账务明细查询',
      '#账号：[20881234567890120156]',
      '#起始日期：[2026年09月01日 00:00:00]   终止日期：[2026年09月02日 00:00:00]',
      '#-----------------------------------------账务明细列表----------------------------------------',
      header,
      `54632446537371${TAB},2026090122001458860515315453${TAB},T200P3226563${TAB},订单货款${TAB},2026-09-01 21:02:06,buyer@example.com${TAB},2274.00,0.00,14533.03,淘宝,在线支付,,交易收款,淘宝,3226563${TAB},M3226563${TAB}`,
      `54632446537372${TAB},2026090122001458860515315453${TAB},T200P3226563${TAB},订单货款${TAB},2026-09-01 21:02:07,${TAB},0.00,11.37,14521.66,淘宝,服务费,,基础软件服务费,淘宝,3226563${TAB},M3226563${TAB}`,
      '#----------------------------------------账务明细列表结束-------------------------------------',
      '#支出合计：1笔，共11.37元,,,,',
      '#收入合计：1笔，共2274.00元,,,,',
      '#导出时间：[2026年09月02日 13:19:01],,,,',
    ].join('\r\n');
    const summary = '#支付宝账务汇总查询\r\n业务类型,收入合计,支出合计\r\n在线支付,2274.00,0\r\n服务费,0,11.37\r\n';
    const zip = buildZip([
      { name: gbk('20881234567890120156_20260901_财务明细(汇总).csv'), data: gbk(summary) },
      { name: gbk('20881234567890120156_20260901_财务明细.csv'), data: gbk(ledger) },
    ]);
    const s = importFile(t.ws.db, zip, '20881234567890120156_20260901.csv.zip');
    expect(s.profileId).toBe('alipay-ledger');
    expect(s.table).toBe('20881234567890120156_20260901_财务明细.csv');
    expect(s.warnings.map((w) => w.en).join('\n')).toContain('财务明细(汇总).csv');
    expect(records(t.ws.db).map((r) => [r.kind, r.order_id, r.amount_minor])).toEqual([['payment', 'T200P3226563', 227400], ['refund', 'T200P3226563', 1137]]);
  });
});

// --- Personal account exports -------------------------------------------------------------------

describe('personal account exports', () => {
  const cases: { name: string; bytes: Buffer; zh: string; en: RegExp }[] = [
    {
      name: '支付宝交易明细(20260901-20260930).csv',
      bytes: gbk([
        '------------------------------------------------------------------------------------',
        '导出信息：',
        '姓名：张三',
        '共2笔记录',
        '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------',
        '交易时间            ,交易分类                ,交易对方                ,对方账号                ,商品说明                ,收/支                 ,金额                  ,收/付款方式              ,交易状态                ,交易订单号     ,商家订单号           ,备注                  ,',
        `2026-09-12 21:32:14 ,日用百货                ,某商户          ,/                   ,商品                 ,支出                  ,49.74               ,余额       ,交易成功                ,2026091200110001${TAB},T2026091201${TAB},                    ,`,
      ].join('\n')),
      zh: '支付宝商家平台',
      en: /Alipay personal account statement.*merchant portal/,
    },
    {
      name: '微信支付账单(20260901-20260930).csv',
      bytes: utf8([
        '微信支付账单明细,,,,,,,,,,',
        '微信昵称：[测试],,,,,,,,,,',
        '----------------------微信支付账单明细列表--------------------,,,,,,,,,,',
        '交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注',
        `2026-09-26 12:45:27,"商户消费","某餐厅","总共消费:28.16","支出",¥28.16,"零钱","支付成功","3985734"${TAB},"129847129"${TAB},"/"`,
      ].join('\n')),
      zh: '微信支付商户平台',
      en: /WeChat personal bill.*merchant trade bill/,
    },
    {
      name: 'icbc_明细.csv',
      bytes: utf8([
        '明细查询文件下载',
        '',
        '卡号: 1234****9876,"卡别名: 工资卡"',
        '',
        '交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户',
        `2026-09-02     ${TAB},"消费                ${TAB}",,,"CHN",钞,-,-,-,"","13.40",人民币,"1,234.56",某公司,1234****9876`,
      ].join('\n')),
      zh: '企业网银',
      en: /personal bank card statement.*corporate online banking/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with what it is and which bill to download instead`, () => {
      const before = dumpContent(t.ws.db);
      const e = userError(() => importFile(t.ws.db, c.bytes, c.name));
      expect(e.key).toBe('import.personal_statement');
      expect(e.zh).toContain(c.zh);
      expect(e.en).toMatch(c.en);
      expect(dumpContent(t.ws.db)).toBe(before);
    });
  }
});
