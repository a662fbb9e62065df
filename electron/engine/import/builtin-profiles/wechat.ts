// WeChat Pay merchant trade bills ALL / SUCCESS / REFUND (formats.md §3.1), current and legacy headers.
// Payments and refunds are separate rows told apart by 交易状态; a refund row's amount is in 退款金额.
// 手续费 has 5 decimals, positive on payments and negative (returned) on refunds.
//
// Three profiles, one per bill type, because the columns differ: SUCCESS has no refund columns at all,
// REFUND adds 退款申请时间 / 退款成功时间. Detection picks the one that explains most of the header, so
// an ALL bill (which fits the SUCCESS profile too) is read by the ALL profile.
//
// A refund's own time: the REFUND bill's 交易时间 is the original payment's, so its refund rows take
// 退款成功时间, else (refund still processing) 退款申请时间. A refund row has the same natural key
// (微信订单号 + refund + 微信退款单号) in the ALL bill and in the REFUND bill of the same day: whichever is
// imported first stores it, the other counts it as already present. The ALL bill's 交易时间 of a
// refund row is when the refund was made, so either way the stored time is the refund's.
import type { ProfileInput } from '../../../../shared/profile';

type Fields = ProfileInput['fields'];

const TRADE_FIELDS: Fields = {
  channelTxnId: { from: '微信订单号' },
  orderId: { from: '商户订单号' },
  refundId: { from: '微信退款单号' },
  status: { from: '交易状态' },
  kind: { from: '交易状态', map: { SUCCESS: 'payment', REFUND: 'refund' } },
  amount: { from: ['应结订单金额', '总金额'], refundFrom: '退款金额', sign: 'abs' },
  fee: { from: '手续费', sign: 'abs', rounding: 'half-up', emptyIsZero: true },
  currency: { from: '货币种类' },
  time: { from: '交易时间' },
  account: { from: '用户标识' },
  memo: { from: '商品名称' },
};

// REVOKED: cancelled after payment, no money moved. Counted as filtered.
const KEEP_MONEY_ROWS = [{ column: '交易状态', keep: ['SUCCESS', 'REFUND'] }];

/** The summary header and row at the end; a bill type prints only the totals it has (SUCCESS: 4 fields). */
const SUMMARY_ROW = {
  lines: [],
  row: {
    header: '总交易单数',
    count: '总交易单数',
    gross: ['应结订单总金额', '总交易额'],
    refunds: ['退款总金额', '总退款金额'],
    fees: '手续费总金额',
  },
  required: true,
};

export const wechatTradeBill: ProfileInput = {
  id: 'wechat-trade',
  name: '微信支付交易账单（全部）/ WeChat Pay trade bill (ALL)',
  side: 'channel',
  channelId: 'wechat',
  detect: { headers: ['交易时间', '微信订单号', '商户订单号', '交易状态', '手续费', '微信退款单号'] },
  fields: TRADE_FIELDS,
  filters: KEEP_MONEY_ROWS,
  totals: SUMMARY_ROW,
};

export const wechatSuccessBill: ProfileInput = {
  id: 'wechat-trade-success',
  name: '微信支付交易账单（成功支付）/ WeChat Pay trade bill (SUCCESS)',
  side: 'channel',
  channelId: 'wechat',
  detect: { headers: ['交易时间', '微信订单号', '商户订单号', '交易状态', '手续费'] },
  fields: {
    channelTxnId: TRADE_FIELDS.channelTxnId,
    orderId: TRADE_FIELDS.orderId,
    status: TRADE_FIELDS.status,
    kind: TRADE_FIELDS.kind,
    amount: { from: ['应结订单金额', '总金额'], sign: 'abs' },
    fee: TRADE_FIELDS.fee,
    currency: TRADE_FIELDS.currency,
    time: TRADE_FIELDS.time,
    account: TRADE_FIELDS.account,
    memo: TRADE_FIELDS.memo,
  },
  filters: KEEP_MONEY_ROWS,
  totals: SUMMARY_ROW,
};

export const wechatRefundBill: ProfileInput = {
  id: 'wechat-trade-refund',
  name: '微信支付交易账单（退款）/ WeChat Pay trade bill (REFUND)',
  side: 'channel',
  channelId: 'wechat',
  detect: { headers: ['交易时间', '微信订单号', '商户订单号', '交易状态', '微信退款单号', '退款申请时间', '退款成功时间'] },
  fields: { ...TRADE_FIELDS, time: { from: '退款成功时间', fallback: '退款申请时间' } },
  filters: KEEP_MONEY_ROWS,
  totals: SUMMARY_ROW,
};
