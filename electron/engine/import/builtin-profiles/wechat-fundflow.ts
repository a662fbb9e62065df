// WeChat Pay fund-flow bill 资金账单 (formats.md §3.2): every movement of one account's balance —
// trade incomes, refunds, fee deductions and returns, withdrawals. Backtick-prefixed values, an
// unsigned 收支金额(元) whose direction is 收支类型, and a summary row 资金流水总笔数,收入笔数,收入金额,
// 支出笔数,支出金额 (counts sometimes written `20.0`).
//
// Stored: trade incomes as payments, refunds as refunds (money in = payment, money out = refund).
// Set aside (counted, summed per period in the import summary, never stored as trades): fee rows as
// fees of the period, withdrawals, top-ups, company payments and profit sharing as settlement
// transfers. All rows, set aside or not, count toward the summary row, which must agree.
//
// Like Alipay's 账务明细, this is a balance ledger: a movement is recognised again by its own id,
// time and amount, not by the trade bill's key, so a channel is reconciled from the trade bill or from
// the fund-flow bill, not from both.
import type { ProfileInput } from '../../../../shared/profile';

export const wechatFundFlowBill: ProfileInput = {
  id: 'wechat-fundflow',
  name: '微信支付资金账单 / WeChat Pay fund-flow bill',
  side: 'channel',
  channelId: 'wechat',
  detect: { headers: ['记账时间', '微信支付业务单号', '资金流水单号', '业务名称', '业务类型', '收支类型', '收支金额(元)'] },
  fields: {
    channelTxnId: { from: '微信支付业务单号' },
    orderId: { from: '业务凭证号' },
    status: { from: '业务类型' },
    kind: { from: '收支类型', map: { 收入: 'payment', 支出: 'refund' } },
    amount: { from: '收支金额(元)', sign: 'abs' },
    time: { from: '记账时间' },
    account: { from: '资金变更提交申请人' },
    memo: { from: '备注' },
  },
  aside: [
    { column: '业务类型', values: ['扣除交易手续费', '退还交易手续费'], as: 'fee' },
    { column: '业务名称', values: ['提现', '充值', '企业付款', '分账', '分账回退'], as: 'transfer' },
  ],
  naturalKey: ['channelTxnId', 'kind', 'time', 'amount'],
  totals: {
    lines: [],
    row: {
      header: '资金流水总笔数',
      count: '资金流水总笔数',
      paymentCount: '收入笔数',
      gross: '收入金额',
      refundCount: '支出笔数',
      refunds: '支出金额',
    },
    required: true,
  },
};
