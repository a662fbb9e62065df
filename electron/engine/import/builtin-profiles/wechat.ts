// WeChat Pay merchant trade bill ALL / SUCCESS / REFUND (formats.md §3.1), current and legacy headers.
// Payments and refunds are separate rows told apart by 交易状态; a refund row's amount is in 退款金额.
// 手续费 has 5 decimals, positive on payments and negative (returned) on refunds.
import type { ProfileInput } from '../../../../shared/profile';

export const wechatTradeBill: ProfileInput = {
  id: 'wechat-trade',
  name: '微信支付交易账单 / WeChat Pay trade bill',
  side: 'channel',
  channelId: 'wechat',
  detect: { headers: ['交易时间', '微信订单号', '商户订单号', '交易状态', '手续费'] },
  fields: {
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
  },
  // REVOKED: cancelled after payment, no money moved. Counted as filtered.
  filters: [{ column: '交易状态', keep: ['SUCCESS', 'REFUND'] }],
  totals: {
    lines: [],
    row: {
      header: '总交易单数',
      count: '总交易单数',
      gross: ['应结订单总金额', '总交易额'],
      refunds: ['退款总金额', '总退款金额'],
      fees: '手续费总金额',
    },
    required: true,
  },
};
