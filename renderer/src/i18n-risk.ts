// Messages of risk screening (风控审核): the review queue, rule settings, the blacklist and the risk
// figures on the dashboard and statements screens, zh + en. Same shape as i18n-workbench.ts: a missing
// translation is a type error. Rule and identifier names come from shared/risk.ts.
import type { RiskHitStatus } from '../../shared/contract/risk';
import type { Lang } from '../../shared/errors';
import { IDENTIFIER_LABEL, RULE_LABEL, type RiskIdentifier, type RiskRule } from '../../shared/risk';
import { useApp } from './store';

const DICT = {
  'risk.title': ['风控审核', 'Risk review'],
  'risk.channel': ['渠道', 'Channel'],
  'risk.allChannels': ['全部渠道', 'All channels'],
  'risk.rule': ['规则', 'Rule'],
  'risk.allRules': ['全部规则', 'All rules'],
  'risk.status': ['状态', 'Status'],
  'risk.allStatuses': ['全部状态', 'All statuses'],
  'risk.showInactive': ['显示已不再命中的', 'Show hits no longer found'],
  'risk.rescreen': ['重新筛查', 'Screen again'],
  'risk.screening': ['筛查中…', 'Screening…'],
  'risk.screened': ['筛查完成：{screened} 笔，命中 {hits} 条（新增 {newHits} 条）', 'Screened {screened} records: {hits} hits ({newHits} new)'],
  'risk.noHits': ['本期没有符合条件的风险提示。', 'No risk hits match for this period.'],
  'risk.hits': ['风险提示', 'Risk hits'],
  'risk.subject': ['对象', 'Subject'],
  'risk.amount': ['金额', 'Amount'],
  'risk.active': ['当前命中', 'Found now'],
  'risk.inactive': ['已不再命中', 'No longer found'],
  'risk.pick': ['选择一条风险提示查看明细。', 'Pick a hit to see the records behind it.'],
  'risk.records': ['相关记录', 'Records behind the hit'],
  'risk.orderId': ['订单号', 'Order id'],
  'risk.side': ['来源', 'Side'],
  'risk.sideInternal': ['我方', 'Ours'],
  'risk.sideChannel': ['渠道', 'Channel'],
  'risk.kind': ['类型', 'Kind'],
  'risk.payment': ['支付', 'Payment'],
  'risk.refund': ['退款', 'Refund'],
  'risk.time': ['时间', 'Time'],
  'risk.zone': ['时间为 {zone} 当地时间', 'Times are local wall-clock in {zone}'],
  'risk.identifiers': ['标识', 'Identifiers'],
  'risk.decidedBy': ['{who} 于 {at} 处理', 'Decided by {who} at {at}'],
  'risk.note': ['备注（必填）', 'Note (required)'],
  'risk.noteMissing': ['请先填写备注', 'Write a note first'],
  'risk.addToBlacklist': ['同时加入黑名单：', 'Also blacklist:'],
  'risk.confirm': ['确认风险', 'Confirm risk'],
  'risk.falsePositive': ['误报', 'False positive'],
  'risk.followUp': ['冻结/退款跟进', 'Freeze/refund follow-up'],
  'risk.reopen': ['退回待审核', 'Back to review'],
  'rules.title': ['风控规则', 'Risk rules'],
  'rules.intro': ['规则在每次对账后自动筛查；可为全部渠道或单个渠道分别设置。', 'Rules screen every match run; set them for every channel or for one channel.'],
  'rules.scope': ['适用于', 'Applies to'],
  'rules.inherited': ['沿用全部渠道的设置', 'Uses the every-channel setting'],
  'rules.own': ['本渠道单独设置', 'Set for this channel'],
  'rules.builtin': ['默认值', 'Default'],
  'rules.maxPerDay': ['单日笔数上限', 'Payments a day allowed'],
  'rules.limit': ['单笔金额上限', 'Single payment limit'],
  'rules.burstCount': ['连续笔数 ≥', 'Payments ≥'],
  'rules.small': ['每笔金额 ≤', 'Each at most'],
  'rules.window': ['时间窗（分钟）', 'Within (minutes)'],
  'rules.noParams': ['无参数', 'No thresholds'],
  'rules.save': ['保存', 'Save'],
  'rules.saved': ['已保存', 'Saved'],
  'rules.months': ['回测最近月数', 'Back-test months'],
  'rules.backtest': ['回测', 'Back-test'],
  'rules.backtesting': ['回测中…', 'Back-testing…'],
  'rules.btResult': ['按当前编辑的阈值，最近 {n} 个月共命中 {hits} 条', 'With the thresholds as edited: {hits} hits over the last {n} months'],
  'rules.period': ['账期', 'Period'],
  'rules.screenedRows': ['筛查笔数', 'Screened'],
  'rules.hitCount': ['命中', 'Hits'],
  'rules.hitAmount': ['涉及金额', 'Amount'],
  'rules.badNumber': ['请填写正整数', 'Enter a whole number'],
  'rules.badMoney': ['金额格式应为 5,000.00', 'Amounts look like 5,000.00'],
  'bl.title': ['黑名单', 'Blacklist'],
  'bl.type': ['类型', 'Type'],
  'bl.value': ['值', 'Value'],
  'bl.reason': ['原因', 'Reason'],
  'bl.who': ['添加人', 'Added by'],
  'bl.when': ['添加时间', 'Added at'],
  'bl.source': ['来源', 'Source'],
  'bl.add': ['加入黑名单', 'Add to blacklist'],
  'bl.import': ['导入 CSV/xlsx…', 'Import CSV/xlsx…'],
  'bl.importHint': ['文件需含 类型、值、原因 三列（type, value, reason）；类型可写 卡号/账户/IP/设备/玩家。', 'The file needs 类型/type, 值/value and 原因/reason columns; types are card/account/ip/device/user (or 卡号/账户/IP/设备/玩家).'],
  'bl.imported': ['已导入 {added} 条，{already} 条已在黑名单中', 'Imported {added} entries; {already} were already listed'],
  'bl.empty': ['黑名单为空。', 'The blacklist is empty.'],
  'bl.manual': ['手工添加', 'Added by hand'],
  'bl.fromHit': ['确认风险 #{id}', 'Confirmed hit #{id}'],
  'card.title': ['风控命中', 'Risk hits'],
  'card.none': ['本期没有风险提示。', 'No risk hits this period.'],
  'card.total': ['合计', 'Total'],
  'card.open': ['待审核', 'Open'],
  'sum.title': ['本月风控汇总', 'The month’s risk summary'],
  'sum.intro': ['仅供内部审核，不出现在渠道结算单中。', 'For internal review only; not part of the channel’s statement.'],
} as const satisfies Record<string, readonly [string, string]>;

export type RiskKey = keyof typeof DICT;

const STATUS: Record<RiskHitStatus, readonly [string, string]> = {
  open: ['待审核', 'Open'],
  confirmed: ['确认风险', 'Confirmed'],
  false_positive: ['误报', 'False positive'],
  follow_up: ['冻结/退款跟进', 'Follow-up'],
};

export const HIT_STATUSES = Object.keys(STATUS) as RiskHitStatus[];

export interface RiskT {
  (key: RiskKey, vars?: Record<string, string | number>): string;
  rule(rule: RiskRule): string;
  status(status: RiskHitStatus): string;
  identifier(type: RiskIdentifier): string;
  lang: Lang;
}

export function riskT(lang: Lang): RiskT {
  const i = lang === 'zh' ? 0 : 1;
  const fn = (key: RiskKey, vars: Record<string, string | number> = {}) =>
    DICT[key][i].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
  return Object.assign(fn, {
    rule: (rule: RiskRule) => RULE_LABEL[rule][lang],
    status: (status: RiskHitStatus) => STATUS[status][i],
    identifier: (type: RiskIdentifier) => IDENTIFIER_LABEL[type][lang],
    lang,
  });
}

export function useR(): RiskT {
  return riskT(useApp((s) => s.lang));
}
