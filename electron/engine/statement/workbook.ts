// The statement workbook (对账确认单): 汇总 / 明细 / 差错 / 挂账. Figures come from the report exactly
// as computed; nothing is summed here except the agreed + disputed check the statement prints.
import { CATEGORIES, recordNet } from '../../../shared/domain';
import type { Lang } from '../../../shared/errors';
import { currencyExponent } from '../../../shared/money';
import { rmbCapital } from '../../../shared/numerals';
import type { DifferenceRecord, DifferenceView } from '../../../shared/report';
import { formatInstant, formatLocalTime } from '../../../shared/time';
import type { AtomicFile, WrittenFile } from './atomic-file';
import { CATEGORY_LABEL, KIND_LABEL, RESOLUTION_LABEL, SIGNATURE_LINES, STATUS_LABEL, SUMMARY_LABEL, reasonText, say, type SummaryKey } from './labels';
import { StatementDigest } from './digest';
import { carriedAgeDays, type StatementData } from './model';
import { count, money, text, XlsxWriter, type SheetWriter, type XlsxCell } from './xlsx-writer';

export const SHEET_NAMES: Readonly<Record<'summary' | 'matched' | 'differences' | 'carried', { zh: string; en: string }>> = {
  summary: { zh: '汇总', en: 'Summary' },
  matched: { zh: '明细', en: 'Matched' },
  differences: { zh: '差错', en: 'Differences' },
  carried: { zh: '跨期在途', en: 'In transit' },
};

export interface StatementFile extends WrittenFile {
  /** SHA-256 of the canonical data, computed while the matched rows were written. */
  digest: string;
  matchedRows: number;
  differenceRows: number;
  carriedRows: number;
}

function header(sheet: SheetWriter, labels: readonly { zh: string; en: string }[], lang: Lang): void {
  sheet.row(labels.map((l) => text(l[lang], 'header')));
}

/** "file.csv:12" — where a clerk finds the row. */
export function recordPlace(r: DifferenceRecord): string {
  return `${r.fileName}:${r.rowNumber}`;
}

function joinIds(records: readonly DifferenceRecord[], pick: (r: DifferenceRecord) => string | null): string {
  return [...new Set(records.map(pick).filter((v): v is string => v !== null && v !== ''))].join(', ');
}

export function summaryRows(data: StatementData, lang: Lang, digest: string): XlsxCell[][] {
  const r = data.report;
  const e = currencyExponent(data.channel.currency);
  const L = (k: SummaryKey) => text(say(SUMMARY_LABEL[k], lang), 'bold');
  const rows: XlsxCell[][] = [
    [text(say(SUMMARY_LABEL.title, lang), 'title')],
    [],
    ...(data.number ? [[L('number'), data.number]] : []),
    [L('ourParty'), data.companyName],
    ...(data.company ? [[L('ourTaxId'), data.company.taxId], [L('ourBankAccount'), data.company.bankAccount]] : []),
    [L('channelParty'), data.counterparty?.name || data.channel.name],
    ...(data.counterparty ? [[L('channelContact'), data.counterparty.contact]] : []),
    [L('channelId'), data.channel.id],
    [L('period'), data.period],
    [L('currency'), r.currency],
    [],
    [L('payment_rows'), count(r.payment_rows)],
    [L('refund_rows'), count(r.refund_rows)],
    [L('gross'), money(r.gross, e)],
    [L('refunds'), money(r.refunds, e)],
    [L('fees'), money(r.fees, e)],
    [L('net'), money(r.net, e, true)],
    [L('agreed'), money(r.agreed, e, true)],
    [L('agreedCapital'), r.currency === 'CNY' ? '人民币' + rmbCapital(r.agreed) : lang === 'zh' ? '（非人民币，不适用）' : '(not CNY, not applicable)'],
    [L('disputed'), money(r.disputed, e)],
    [L('check'), money(r.agreed + r.disputed, e), r.agreed + r.disputed === r.net ? (lang === 'zh' ? '一致' : 'agrees') : (lang === 'zh' ? '不一致，请勿发送' : 'DOES NOT AGREE, do not send')],
    [L('claims'), money(r.claims, e)],
    [L('waived_total'), money(r.waived_total, e)],
    [L('waived_count'), count(r.waived_count)],
    [L('open_differences'), count(r.open_differences)],
    [],
    [text(say(SUMMARY_LABEL.counts, lang), 'header'), text('', 'header')],
  ];
  for (const c of CATEGORIES) rows.push([text(say(CATEGORY_LABEL[c], lang), 'text'), count(r.counts[c])]);
  rows.push([text(lang === 'zh' ? '其中容差内豁免' : 'of which waived within tolerance', 'text'), count(r.counts.waived)]);
  rows.push([], [text(say(SUMMARY_LABEL.sign, lang), 'header'), text('', 'header'), text('', 'header')]);
  for (const line of SIGNATURE_LINES) rows.push([text(say(line, lang), 'bold')], []);
  rows.push(
    [L('generatedAt'), `${formatInstant(data.generatedAt, data.channel.timeZone)} (${data.channel.timeZone})`],
    [L('generatedBy'), data.operator],
    [L('digest'), digest],
    ...(data.number ? [[L('number'), data.number]] : []),
    ...(data.auditHead ? [[L('auditHead'), `#${data.auditHead.id} ${data.auditHead.hash}`]] : []),
    [text(say(SUMMARY_LABEL.digestNote, lang), 'wrap')],
  );
  return rows;
}

const MATCHED_HEAD = [
  { zh: '序号', en: 'No.' }, { zh: '商户订单号', en: 'Order id' }, { zh: '渠道流水号', en: 'Channel txn id' }, { zh: '退款单号', en: 'Refund id' },
  { zh: '类型', en: 'Kind' }, { zh: '渠道时间', en: 'Channel time' }, { zh: '金额', en: 'Amount' }, { zh: '手续费', en: 'Fee' }, { zh: '净额', en: 'Net' },
  { zh: '我方金额', en: 'Internal amount' }, { zh: '我方支付时间', en: 'Internal time' }, { zh: '我方账期', en: 'Internal period' },
];

export const DIFFERENCE_HEAD = [
  { zh: '差错编号', en: 'Difference id' }, { zh: '类别', en: 'Category' }, { zh: '状态', en: 'Status' }, { zh: '处理方式', en: 'Resolution' },
  { zh: '原因', en: 'Reason' }, { zh: '备注', en: 'Note' }, { zh: '商户订单号', en: 'Order id' }, { zh: '渠道流水号', en: 'Channel txn id' },
  { zh: '渠道金额', en: 'Channel amount' }, { zh: '我方金额', en: 'Internal amount' }, { zh: '差额（渠道−我方）', en: 'Difference (channel − internal)' },
  { zh: '渠道净额', en: 'Channel net' }, { zh: '渠道时间', en: 'Channel time' }, { zh: '渠道记录位置', en: 'Channel rows' },
  { zh: '我方记录位置', en: 'Internal rows' }, { zh: '处理人', en: 'Resolved by' }, { zh: '处理时间', en: 'Resolved at' },
];

const CARRIED_HEAD = [
  { zh: '差错编号', en: 'Difference id' }, { zh: '在途账期', en: 'In transit from' }, { zh: '商户订单号', en: 'Order id' }, { zh: '我方金额', en: 'Internal amount' },
  { zh: '支付时间', en: 'Paid at' }, { zh: '在途天数', en: 'Age (days)' }, { zh: '状态', en: 'Status' }, { zh: '释放账期', en: 'Released in' },
  { zh: '释放记录（渠道流水号）', en: 'Released by (channel txn id)' }, { zh: '释放时间', en: 'Released at' },
];

export function differenceRow(d: DifferenceView, lang: Lang, exponent: number, timeZone: string): XlsxCell[] {
  const firstChannel = d.channel[0];
  return [
    String(d.id),
    say(CATEGORY_LABEL[d.category], lang),
    say(STATUS_LABEL[d.status], lang),
    d.resolution ? say(RESOLUTION_LABEL[d.resolution], lang) : '',
    reasonText(d.reason, lang),
    d.note ?? '',
    d.orderId ?? '',
    joinIds(d.channel, (r) => r.channelTxnId),
    money(d.channelAmountMinor, exponent),
    money(d.internalAmountMinor, exponent),
    money(d.differenceMinor, exponent),
    money(d.channelNetMinor, exponent),
    firstChannel ? formatInstant(firstChannel.occurredAt, timeZone) : '',
    d.channel.map(recordPlace).join(', '),
    d.internal.map(recordPlace).join(', '),
    d.resolvedBy ?? '',
    // Local wall-clock time of the channel's zone, like every other time of the statement (named in 生成时间).
    d.resolvedAt ? formatLocalTime(d.resolvedAt, timeZone) : '',
  ];
}

/** Differences in the order a clerk works through them: by category, then id. */
export function sortDifferences(diffs: readonly DifferenceView[]): DifferenceView[] {
  const rank = new Map(CATEGORIES.map((c, i) => [c, i]));
  return [...diffs].sort((a, b) => (rank.get(a.category) ?? 0) - (rank.get(b.category) ?? 0) || a.id - b.id);
}

/** What the statement says about itself, known once its rows are written (for the audit entry). */
export type StatementFacts = Omit<StatementFile, keyof WrittenFile>;

export function writeStatementWorkbook(data: StatementData, outPath: string, lang: Lang): StatementFile {
  const { file, facts } = sealStatementWorkbook(data, outPath, lang);
  return { ...file.commit(), ...facts };
}

/** The workbook written and flushed under its temporary name; the caller puts it in place. */
export function sealStatementWorkbook(data: StatementData, outPath: string, lang: Lang): { file: AtomicFile; facts: StatementFacts } {
  const e = currencyExponent(data.channel.currency);
  const tz = data.channel.timeZone;
  const book = new XlsxWriter(outPath);
  const digest = new StatementDigest({ channelId: data.channel.id, period: data.period, currency: data.channel.currency, report: data.report });
  try {
    // The summary is the first tab but written last: its digest is known only once the matched rows
    // have streamed by (one pass over 200,000 rows instead of two).
    const matched = book.addSheet(SHEET_NAMES.matched[lang], { widths: [8, 26, 32, 26, 8, 20, 14, 12, 14, 14, 20, 10], freezeRows: 1 });
    header(matched, MATCHED_HEAD, lang);
    let n = 0;
    for (const m of data.matched()) {
      n++;
      digest.matched(m);
      matched.row([
        count(n), m.orderId ?? '', m.channelTxnId ?? '', m.refundId ?? '', say(KIND_LABEL[m.kind], lang), formatInstant(m.occurredAt, tz),
        money(m.amountMinor, e), money(m.feeMinor, e), money(recordNet(m), e), money(m.internalAmountMinor, e),
        formatInstant(m.internalOccurredAt, tz), m.internalPeriod,
      ]);
    }

    const diffs = book.addSheet(SHEET_NAMES.differences[lang], { widths: [10, 16, 8, 10, 20, 30, 26, 32, 14, 14, 14, 14, 20, 30, 30, 12, 22], freezeRows: 1 });
    header(diffs, DIFFERENCE_HEAD, lang);
    for (const d of sortDifferences(data.differences)) diffs.row(differenceRow(d, lang, e, tz));

    const carried = book.addSheet(SHEET_NAMES.carried[lang], { widths: [10, 10, 26, 14, 20, 10, 10, 10, 32, 20], freezeRows: 1 });
    header(carried, CARRIED_HEAD, lang);
    for (const c of data.carried) {
      carried.row([
        String(c.differenceId), c.period, c.orderId ?? '', money(c.internalAmountMinor, e), formatInstant(c.occurredAt, tz),
        count(carriedAgeDays(c, data.generatedAt)),
        c.releasedByRecordId !== null ? say(RESOLUTION_LABEL.released, lang) : say(STATUS_LABEL[c.status], lang),
        c.releasedPeriod ?? '', c.releasedTxnId ?? '', c.releasedAt !== null ? formatInstant(c.releasedAt, tz) : '',
      ]);
    }
    const digestHex = digest.finish(data.differences);
    const summary = book.addSheet(SHEET_NAMES.summary[lang], { widths: [36, 26, 48], tabOrder: -1 });
    for (const row of summaryRows(data, lang, digestHex)) summary.row(row);
    const facts: StatementFacts = { digest: digestHex, matchedRows: n, differenceRows: data.differences.length, carriedRows: data.carried.length };
    return { file: book.seal(), facts };
  } catch (err) {
    book.abort();
    throw err;
  }
}
