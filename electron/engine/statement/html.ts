// A printable, self-contained HTML statement: the same figures as the workbook's 汇总 sheet, the
// differences and the carried items. The desktop app prints it to PDF through Chromium; browser mode
// opens it in a tab. Matched rows are counted, not listed: 200,000 rows are not a printout, they are
// in the workbook's 明细 sheet.
import { CATEGORIES } from '../../../shared/domain';
import type { Lang } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { rmbCapital } from '../../../shared/numerals';
import { formatInstant } from '../../../shared/time';
import { CATEGORY_LABEL, RESOLUTION_LABEL, SIGNATURE_LINES, STATUS_LABEL, SUMMARY_LABEL, reasonText, say, type SummaryKey } from './labels';
import { carriedAgeDays, type StatementData } from './model';
import { sortDifferences } from './workbook';

const HTML_SPECIAL = /[&<>"']/g;
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c] ?? c);
}

const CSS = `
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.2em; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #444; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 1.2mm 2mm; vertical-align: top; }
th { background: #eee; text-align: left; }
td.amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.figures th { width: 45%; }
.strong td { font-weight: bold; }
.sign { display: flex; gap: 10mm; margin-top: 8mm; page-break-inside: avoid; }
.sign div { flex: 1; border: 1px solid #999; padding: 3mm; min-height: 40mm; }
.sign p { margin: 0 0 8mm; }
.meta { margin-top: 6mm; font-size: 8.5pt; color: #444; word-break: break-all; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
@media print { a { color: inherit; text-decoration: none; } }
`;

export function renderStatementHtml(data: StatementData, lang: Lang, pass: { matchedRows: number; digest: string }): string {
  const { matchedRows, digest } = pass;
  const r = data.report;
  const tz = data.channel.timeZone;
  const m = (minor: number) => `<td class="amount">${escapeHtml(formatMoney(minor, r.currency))}</td>`;
  const label = (k: SummaryKey) => `<th>${escapeHtml(say(SUMMARY_LABEL[k], lang))}</th>`;
  const row = (k: SummaryKey, cell: string, cls = '') => `<tr${cls ? ` class="${cls}"` : ''} data-key="${k}">${label(k)}${cell}</tr>`;
  const td = (v: string) => `<td>${escapeHtml(v)}</td>`;
  const balanced = r.agreed + r.disputed === r.net;

  const figures = [
    ...(data.number ? [row('number', td(data.number))] : []),
    row('ourParty', td(data.companyName)),
    ...(data.company ? [row('ourTaxId', td(data.company.taxId)), row('ourBankAccount', td(data.company.bankAccount))] : []),
    row('channelParty', td(`${data.counterparty?.name || data.channel.name}（${data.channel.id}）`)),
    ...(data.counterparty ? [row('channelContact', td(data.counterparty.contact))] : []),
    row('period', td(data.period)),
    row('currency', td(r.currency)),
    row('payment_rows', `<td class="amount">${r.payment_rows}</td>`),
    row('refund_rows', `<td class="amount">${r.refund_rows}</td>`),
    row('gross', m(r.gross)),
    row('refunds', m(r.refunds)),
    row('fees', m(r.fees)),
    row('net', m(r.net), 'strong'),
    row('agreed', m(r.agreed), 'strong'),
    row('agreedCapital', td(r.currency === 'CNY' ? '人民币' + rmbCapital(r.agreed) : lang === 'zh' ? '（非人民币，不适用）' : '(not CNY, not applicable)')),
    row('disputed', m(r.disputed)),
    row('check', `<td class="amount">${escapeHtml(formatMoney(r.agreed + r.disputed, r.currency))} ${balanced ? '✓' : '✗'}</td>`),
    row('claims', m(r.claims)),
    row('waived_total', m(r.waived_total)),
    row('waived_count', `<td class="amount">${r.waived_count}</td>`),
    row('open_differences', `<td class="amount">${r.open_differences}</td>`),
  ].join('\n');

  const counts = CATEGORIES.map((c) => `<tr><th>${escapeHtml(say(CATEGORY_LABEL[c], lang))}</th><td class="amount">${r.counts[c]}</td></tr>`).join('\n');

  const diffHead = lang === 'zh'
    ? ['编号', '类别', '状态', '处理', '商户订单号', '渠道金额', '我方金额', '差额', '备注']
    : ['Id', 'Category', 'Status', 'Resolution', 'Order id', 'Channel', 'Internal', 'Difference', 'Note'];
  const diffRows = sortDifferences(data.differences).map((d) => `<tr>${td(String(d.id))}${td(say(CATEGORY_LABEL[d.category], lang))}${td(say(STATUS_LABEL[d.status], lang))}${td(d.resolution ? say(RESOLUTION_LABEL[d.resolution], lang) : '')}${td(d.orderId ?? '')}${m(d.channelAmountMinor)}${m(d.internalAmountMinor)}${m(d.differenceMinor)}${td([reasonText(d.reason, lang), d.note ?? ''].filter(Boolean).join(' — '))}</tr>`).join('\n');

  const carriedHead = lang === 'zh'
    ? ['编号', '在途账期', '商户订单号', '我方金额', '支付时间', '在途天数', '释放账期']
    : ['Id', 'Carried from', 'Order id', 'Internal amount', 'Paid at', 'Age (days)', 'Released in'];
  const carriedRows = data.carried.map((c) => `<tr>${td(String(c.differenceId))}${td(c.period)}${td(c.orderId ?? '')}${m(c.internalAmountMinor)}${td(formatInstant(c.occurredAt, tz))}<td class="amount">${carriedAgeDays(c, data.generatedAt)}</td>${td(c.releasedPeriod ?? '')}</tr>`).join('\n');

  const table = (head: string[], body: string) => `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  const half = SIGNATURE_LINES.length / 2;
  const signBlock = (lines: typeof SIGNATURE_LINES) => `<div>${lines.map((l) => `<p>${escapeHtml(say(l, lang))}</p>`).join('')}</div>`;
  const matchedNote = lang === 'zh'
    ? `已勾对明细 ${matchedRows} 笔，见对账确认单 xlsx 的“明细”工作表。`
    : `${matchedRows} matched rows; see the Matched sheet of the statement workbook.`;

  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${say(SUMMARY_LABEL.title, lang)} ${data.channel.name} ${data.period}`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(say(SUMMARY_LABEL.title, lang))}</h1>
<table class="figures">
${figures}
</table>
<h2>${escapeHtml(say(SUMMARY_LABEL.counts, lang))}</h2>
<table class="figures">
${counts}
</table>
<p>${escapeHtml(matchedNote)}</p>
<h2>${escapeHtml(lang === 'zh' ? '差错' : 'Differences')}（${data.differences.length}）</h2>
${table(diffHead, diffRows)}
<h2>${escapeHtml(lang === 'zh' ? '跨期在途' : 'In transit')}（${data.carried.length}）</h2>
${table(carriedHead, carriedRows)}
<h2>${escapeHtml(say(SUMMARY_LABEL.sign, lang))}</h2>
<div class="sign">${signBlock(SIGNATURE_LINES.slice(0, half))}${signBlock(SIGNATURE_LINES.slice(half))}</div>
<div class="meta">
<div>${escapeHtml(say(SUMMARY_LABEL.generatedAt, lang))}：${escapeHtml(`${formatInstant(data.generatedAt, tz)} (${tz})`)}　${escapeHtml(say(SUMMARY_LABEL.generatedBy, lang))}：${escapeHtml(data.operator)}</div>
<div>${escapeHtml(say(SUMMARY_LABEL.digest, lang))}：<span data-key="digest">${digest}</span></div>
${data.number ? `<div>${escapeHtml(say(SUMMARY_LABEL.number, lang))}：<span data-key="number">${escapeHtml(data.number)}</span></div>` : ''}
${data.auditHead ? `<div>${escapeHtml(say(SUMMARY_LABEL.auditHead, lang))}：<span data-key="audit-head">#${data.auditHead.id} ${data.auditHead.hash}</span></div>` : ''}
<div>${escapeHtml(say(SUMMARY_LABEL.digestNote, lang))}</div>
</div>
</body>
</html>
`;
}
