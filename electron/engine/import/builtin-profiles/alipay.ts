// Alipay merchant bills (formats.md §1). Amounts are yuan; refunds are negative rows; the 服务费 is
// negative when charged on a payment and positive when returned on a refund, so both are stored as
// absolute values and the kind says which way they went.
import type { ProfileInput } from '../../../../shared/profile';

export const alipayTradeDetail: ProfileInput = {
  id: 'alipay-trade',
  name: '支付宝商家账单 业务明细 / Alipay merchant bill (trade detail)',
  side: 'channel',
  channelId: 'alipay',
  detect: { headers: ['支付宝交易号', '商户订单号', '业务类型', '商家实收（元）', '完成时间'] },
  // The ZIP also holds 业务明细(汇总).csv, a per-store summary that must not be read as trades.
  read: { entryPattern: '业务明细\\.csv$' },
  layout: { commentPrefix: '#', stopAt: ['业务明细列表结束'] },
  fields: {
    channelTxnId: { from: '支付宝交易号' },
    orderId: { from: '商户订单号' },
    refundId: { from: '退款批次号/请求号' },
    kind: { from: '业务类型', map: { 交易: 'payment', 退款: 'refund' } },
    amount: { from: '商家实收（元）', sign: 'abs' },
    fee: { from: '服务费（元）', sign: 'abs', emptyIsZero: true },
    time: { from: '完成时间' },
    account: { from: '对方账户' },
    memo: { from: '备注' },
  },
  // Two wordings of the footer: the current one states what the merchant received; the older one
  // (`交易金额共X元，优惠金额共Y元`) states the orders' amount and the discounts, whose difference is it.
  totals: {
    lines: [
      { pattern: '#交易合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*商家实收共\\s*([-\\d.,]+)\\s*元', kind: 'payment', countGroup: 1, amountGroup: 2 },
      { pattern: '#退款合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*商家实收退款共\\s*([-\\d.,]+)\\s*元', kind: 'refund', countGroup: 1, amountGroup: 2 },
      { pattern: '#交易合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*交易金额共\\s*([-\\d.,]+)\\s*元[，,]\\s*优惠金额共\\s*([-\\d.,]+)\\s*元', kind: 'payment', countGroup: 1, amountGroup: 2, lessGroup: 3 },
      { pattern: '#退款合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*交易退款金额共\\s*([-\\d.,]+)\\s*元[，,]\\s*优惠退款金额共\\s*([-\\d.,]+)\\s*元', kind: 'refund', countGroup: 1, amountGroup: 2, lessGroup: 3 },
    ],
    required: true,
  },
};

export const alipayLedger: ProfileInput = {
  id: 'alipay-ledger',
  name: '支付宝账务明细 / Alipay account ledger',
  side: 'channel',
  channelId: 'alipay',
  detect: { headers: ['账务流水号', '业务流水号', '收入金额（+元）', '支出金额（-元）'] },
  // Seller accounts name the entry 财务明细; the (汇总) entry is a per-type summary, not movements.
  read: { entryPattern: '[账财]务明细[^(（]*\\.csv$' },
  layout: { commentPrefix: '#', stopAt: ['账务明细列表结束'] },
  fields: {
    channelTxnId: { from: '业务流水号' },
    // The 16-column seller variant adds 业务描述, 业务账单来源, 业务基础订单号 and 业务订单号 at the end.
    orderId: { from: '商户订单号' },
    kind: { bySign: true },
    amount: { credit: '收入金额（+元）', debit: '支出金额（-元）', sign: 'as-is', emptyIsZero: true },
    time: { from: '发生时间' },
    status: { from: '业务类型' },
    account: { from: '对方账号' },
    memo: { from: '备注' },
  },
  // One trade can move money more than once (payment, then fee, then refund); the ledger line's own
  // time and amount tell those apart.
  naturalKey: ['channelTxnId', 'kind', 'time', 'amount'],
  totals: {
    lines: [
      { pattern: '#收入合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*共\\s*([-\\d.,]+)\\s*元', kind: 'payment', countGroup: 1, amountGroup: 2 },
      { pattern: '#支出合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*共\\s*([-\\d.,]+)\\s*元', kind: 'refund', countGroup: 1, amountGroup: 2 },
    ],
  },
};
