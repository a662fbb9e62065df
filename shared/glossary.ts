// The words of docs/glossary.md that code needs: category and resolution names in both languages, and
// the Chinese names the command line accepts besides the English codes.
import type { Category, Resolution } from './domain';

export const CATEGORY_TERMS: Readonly<Record<Category, { zh: string; en: string; aliases: readonly string[] }>> = {
  matched: { zh: '已勾对', en: 'Matched', aliases: [] },
  amount_mismatch: { zh: '金额不符', en: 'Amount mismatch', aliases: [] },
  channel_only: { zh: '长款', en: 'Channel only', aliases: ['长款（渠道单边）', '渠道单边'] },
  internal_only: { zh: '短款', en: 'Internal only', aliases: ['短款（系统单边）', '系统单边'] },
  carried_forward: { zh: '跨期在途', en: 'In transit', aliases: [] },
  refund_mismatch: { zh: '退款不符', en: 'Refund mismatch', aliases: [] },
  duplicate: { zh: '重复支付', en: 'Duplicate payment', aliases: [] },
};

export const RESOLUTION_TERMS: Readonly<Record<Resolution, { zh: string; en: string }>> = {
  backfill: { zh: '补单', en: 'Backfill' },
  carry: { zh: '挂账', en: 'Carry' },
  dispute: { zh: '争议', en: 'Dispute' },
  refund: { zh: '退款', en: 'Refund' },
  writeoff: { zh: '核销', en: 'Write off' },
  waive: { zh: '豁免', en: 'Waive' },
  manual_match: { zh: '手工匹配', en: 'Manual match' },
  released: { zh: '已释放', en: 'Released' },
};

/** A category given as its code or its Chinese name (长款, 长款（渠道单边）, 渠道单边 …); undefined when unknown. */
export function categoryFromTerm(text: string): Category | undefined {
  for (const [code, t] of Object.entries(CATEGORY_TERMS) as [Category, (typeof CATEGORY_TERMS)[Category]][]) {
    if (text === code || text === t.zh || t.aliases.includes(text)) return code;
  }
  return undefined;
}

/** A resolution given as its code or its Chinese name (补单, 挂账 …). */
export function resolutionFromTerm(text: string): Resolution | undefined {
  for (const [code, t] of Object.entries(RESOLUTION_TERMS) as [Resolution, { zh: string }][]) {
    if (text === code || text === t.zh) return code;
  }
  return undefined;
}

/** Lines of a bill that are not data, as the import summary counts them (说明行 ×4, 表头 ×1, 合计行 ×4). */
export const SKIPPED_LINE_TERMS: Readonly<Record<string, { zh: string; en: string }>> = {
  preamble: { zh: '说明行', en: 'preamble' },
  header: { zh: '表头', en: 'header' },
  blank: { zh: '空行', en: 'blank' },
  comment: { zh: '注释行', en: 'comment' },
  summary: { zh: '汇总行', en: 'summary' },
  footer: { zh: '合计行', en: 'footer' },
};
