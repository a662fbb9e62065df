// What the audit screen calls actions and fields, in the glossary's words (docs/glossary.md); codes stay
// in data attributes and tooltips for support.
import { CATEGORY_TERMS, RESOLUTION_TERMS } from '../../../../shared/glossary';
import type { Category, Resolution } from '../../../../shared/domain';
import type { Lang } from '../../../../shared/errors';
import { formatMoney } from '../../../../shared/money';

type Pair = readonly [string, string];

export const ACTION_NAMES: Readonly<Record<string, Pair>> = {
  'workspace.init': ['新建工作区', 'Workspace created'],
  'import.file': ['导入文件', 'File imported'],
  'match.run': ['勾对', 'Match run'],
  'match.manual': ['手工匹配', 'Manual match'],
  'diff.resolve': ['处理差错', 'Difference resolved'],
  'diff.bulk_resolve': ['批量处理差错', 'Differences resolved in bulk'],
  'diff.undo': ['撤销处理', 'Decision undone'],
  'period.close': ['关账', 'Period closed'],
  'period.reopen': ['重新打开账期', 'Period reopened'],
  'statement.export': ['导出对账确认单', 'Statement exported'],
  'statement.number': ['分配对账单编号', 'Statement number issued'],
  'differences.export': ['导出差错清单', 'Differences exported'],
  'disputes.export': ['导出争议清单', 'Dispute workbook exported'],
  'inbox.run': ['每日任务', 'Daily run'],
  'channel.add': ['添加渠道', 'Channel added'],
  'channel.update': ['修改渠道', 'Channel changed'],
  'profile.add': ['添加导入模板', 'Profile added'],
  'profile.update': ['修改导入模板', 'Profile changed'],
  'settings.set': ['修改操作员', 'Operator changed'],
  'company.set': ['修改我方单位信息', 'Company changed'],
  'counterparty.set': ['修改渠道对方单位', 'Counterparty changed'],
  'four_eyes.set': ['双人复核设置', 'Four eyes changed'],
  'approval.request': ['提交审批', 'Approval requested'],
  'approval.approve': ['批准', 'Approved'],
  'approval.reject': ['驳回', 'Rejected'],
  'workspace.backup': ['备份工作区', 'Workspace backed up'],
};

const FIELD_NAMES: Readonly<Record<string, Pair>> = {
  status: ['状态', 'Status'], resolution: ['处理方式', 'Resolution'], reason: ['原因', 'Reason'], note: ['说明', 'Note'],
  resolvedBy: ['处理人', 'Resolved by'], category: ['类别', 'Category'], differenceMinor: ['差额', 'Difference'], channelNetMinor: ['渠道净额', 'Channel net'],
  amountMinor: ['金额', 'Amount'], closed: ['已关账', 'Closed'], figures: ['关账时数字', 'Figures at closing'], openDifferences: ['未决差错', 'Open differences'],
  openAmountMinor: ['未决差错金额', 'Open difference amount'], number: ['对账单编号', 'Statement number'], digest: ['数据校验码', 'Data digest'],
  net: ['净额', 'Net'], agreed: ['双方认可金额', 'Agreed amount'], disputed: ['争议金额', 'Disputed amount'], operator: ['操作员', 'Operator'],
  count: ['笔数', 'Count'], id: ['编号', 'Id'], path: ['文件', 'File'], sha256: ['文件 SHA-256', 'File SHA-256'],
};

export function actionName(action: string, lang: Lang): string {
  const p = ACTION_NAMES[action];
  return p ? p[lang === 'zh' ? 0 : 1] : action;
}

export function fieldName(key: string, lang: Lang): string {
  const p = FIELD_NAMES[key];
  return p ? p[lang === 'zh' ? 0 : 1] : key;
}

const MONEY_FIELDS = new Set(['net', 'agreed', 'disputed', 'claims', 'gross', 'refunds', 'fees']);

/** A value as a person reads it: amounts as money, codes by their names, yes/no. */
export function fieldValue(key: string, v: unknown, lang: Lang): string {
  if (v === undefined) return '';
  if (v === null) return '—';
  if (typeof v === 'number' && (key.endsWith('Minor') || MONEY_FIELDS.has(key))) return formatMoney(v);
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (typeof v === 'string' && key === 'resolution' && v in RESOLUTION_TERMS) return RESOLUTION_TERMS[v as Resolution][lang];
  if (typeof v === 'string' && key === 'category' && v in CATEGORY_TERMS) return CATEGORY_TERMS[v as Category][lang];
  if (typeof v === 'string' && key === 'status') return v === 'open' ? (lang === 'zh' ? '未处理' : 'open') : v === 'resolved' ? (lang === 'zh' ? '已处理' : 'resolved') : v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
