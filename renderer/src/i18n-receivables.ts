// Messages of the 回款 screen and the bank / receipts settings, zh + en. Same shape and rule as the other
// dictionaries: a missing translation is a type error.
import type { Lang } from '../../shared/errors';
import { useApp } from './store';

const DICT = {
  'rv.title': ['回款核对', 'Receipts'],
  'rv.asOf': ['截至日期', 'As of'],
  'rv.allChannels': ['全部渠道', 'All channels'],
  'rv.importBank': ['导入银行流水…', 'Import bank statement…'],
  'rv.account': ['账号（文件未写明时）', 'Account (when the file names none)'],
  'rv.imported': ['已导入', 'Imported'],
  'rv.export': ['导出对账回款函', 'Export receivables letter'],
  'rv.exported': ['已导出', 'Exported'],
  'rv.totals': ['各渠道回款', 'Money per channel'],
  'rv.expected': ['应收', 'Expected'],
  'rv.received': ['已收', 'Received'],
  'rv.outstanding': ['未回', 'Outstanding'],
  'rv.overdue': ['逾期', 'Overdue'],
  'rv.aging': ['账龄（自出单日起，天）', 'Aging (days since the statement)'],
  'rv.list': ['应收回款', 'Receivables'],
  'rv.none': ['还没有已导出或已关账的对账单。', 'No exported or closed statements yet.'],
  'rv.channel': ['渠道', 'Channel'],
  'rv.period': ['账期', 'Period'],
  'rv.statementNo': ['对账单号', 'Statement no.'],
  'rv.agreed': ['确认金额', 'Agreed'],
  'rv.charge': ['手续费', 'Charge'],
  'rv.expectedOn': ['应回款日', 'Expected on'],
  'rv.days': ['账龄', 'Days'],
  'rv.status': ['状态', 'Status'],
  'rv.status.unpaid': ['未回款', 'Unpaid'],
  'rv.status.partial': ['部分回款', 'Partly paid'],
  'rv.status.paid': ['已回款', 'Paid'],
  'rv.status.overpaid': ['多付', 'Over-paid'],
  'rv.status.overdue': ['逾期', 'Overdue'],
  'rv.unclaimed': ['待认领', 'Unidentified receipts'],
  'rv.unclaimedNone': ['没有待认领的收款。', 'No unidentified receipts.'],
  'rv.time': ['时间', 'Time'],
  'rv.amount': ['金额', 'Amount'],
  'rv.payer': ['付款人', 'Payer'],
  'rv.remark': ['附言', 'Remark'],
  'rv.assign': ['认领', 'Assign'],
  'rv.notSettlement': ['非结算款', 'Not settlement money'],
  'rv.note': ['说明', 'Note'],
  'rv.assigned': ['人工认领', 'Assigned by hand'],
  'rv.undo': ['撤销', 'Undo'],
  'rv.by': ['操作员', 'By'],
  'rv.differences': ['回款差错', 'Receipt differences'],
  'rv.diffNone': ['没有回款差错。', 'No receipt differences.'],
  'rv.kind.short_paid': ['少付', 'Short-paid'],
  'rv.kind.over_paid': ['多付', 'Over-paid'],
  'rv.kind.duplicate': ['重复打款', 'Duplicate transfer'],
  'rv.kind.payer_mismatch': ['付款人不符', 'Payer mismatch'],
  'rv.action': ['处理', 'Action'],
  'rv.action.waive': ['接受差额', 'Accept'],
  'rv.action.writeoff': ['核销', 'Write off'],
  'rv.action.dispute': ['向渠道追讨', 'Chase the channel'],
  'rv.action.refund': ['退回多付', 'Refund'],
  'rv.action.note': ['仅备注', 'Note only'],
  'rv.resolve': ['处理', 'Resolve'],
  'rv.open': ['未处理', 'Open'],
  'rv.resolved': ['已处理', 'Resolved'],
  'rv.breaks': ['流水余额不连续（可能缺页或缺期）', 'Balance breaks (missing pages or statements)'],
  'rv.breakRow': ['应为 {expected}，实为 {actual}，缺 {missing}', 'should be {expected}, is {actual}, {missing} missing'],
  'bk.accounts': ['我方银行账户', 'Our bank accounts'],
  'bk.accountNo': ['账号', 'Account no.'],
  'bk.bank': ['开户银行', 'Bank'],
  'bk.name': ['户名', 'Account name'],
  'bk.currency': ['币种', 'Currency'],
  'bk.add': ['保存账户', 'Save account'],
  'bk.receipts': ['渠道回款设置', 'Channel receipt settings'],
  'bk.payers': ['付款人名称（逗号分隔）', 'Payer names (comma separated)'],
  'bk.payerAccounts': ['付款账号（逗号分隔）', 'Payer accounts (comma separated)'],
  'bk.rule': ['回款日规则', 'Payment date rule'],
  'bk.rule.day-of-next-month': ['次月第 N 日', 'Day N of the next month'],
  'bk.rule.days-after-statement': ['出单后 N 天', 'N days after the statement'],
  'bk.rule.weekly': ['每周星期 N', 'Weekly on weekday N'],
  'bk.rule.months-later': ['N 个月后的某日', 'Day D, N months later'],
  'bk.n': ['N', 'N'],
  'bk.day': ['日', 'Day'],
  'bk.grace': ['宽限天数', 'Grace days'],
} as const satisfies Record<string, readonly [string, string]>;

export type ReceivablesKey = keyof typeof DICT;

export function translateReceivables(lang: Lang, key: ReceivablesKey): string {
  return DICT[key][lang === 'zh' ? 0 : 1];
}

export function useR(): (key: ReceivablesKey) => string {
  const lang = useApp((s) => s.lang);
  return (key) => translateReceivables(lang, key);
}
