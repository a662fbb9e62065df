// 招商银行 企业网银 交易明细 (CMB corporate online banking, transaction detail), exported as CSV or
// xlsx: key/value rows above the header (账号, 账号名称, 币种, 起始日期/终止日期), then one row per
// transaction with separate 借方金额 (money out) and 贷方金额 (money in) columns and the balance after it.
// The header's row number varies between exports, so it is found by content.
import type { ProfileInput } from '../../../../shared/profile';

export const cmbCorporate: Omit<ProfileInput, 'fields'> = {
  id: 'cmb-corporate',
  name: '招商银行 企业网银 交易明细 / CMB corporate statement',
  side: 'bank',
  detect: { headers: ['交易日', '交易时间', '借方金额', '贷方金额', '余额', '流水号'] },
  layout: { summaryLabels: ['合计', '总计', '小计', '本页合计'] },
  bankFields: {
    time: { from: '交易日', timeFrom: '交易时间' },
    amount: { debit: '借方金额', credit: '贷方金额' },
    balance: { from: '余额', sign: 'as-is' },
    counterpartyName: { from: ['收(付)方名称', '收（付）方名称', '对方户名'] },
    counterpartyAccount: { from: ['收(付)方帐号', '收(付)方账号', '收（付）方帐号', '对方账号'] },
    counterpartyBank: { from: ['收(付)方开户行名', '收（付）方开户行名', '对方开户行'] },
    remark: [{ from: '摘要' }, { from: '用途' }],
    serial: { from: '流水号' },
  },
};
