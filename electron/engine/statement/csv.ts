// The open differences as CSV for mail and for other tools. UTF-8 with a BOM by default (without the
// BOM Excel on Chinese Windows reads UTF-8 as GBK and shows mojibake); GB18030 on request for tools
// that cannot read UTF-8. CRLF line ends, RFC 4180 quoting, formula guard on every text field.
import iconv from 'iconv-lite';
import type { Lang } from '../../../shared/errors';
import { currencyExponent, minorToDecimal } from '../../../shared/money';
import type { DifferenceView } from '../../../shared/report';
import { formatInstant } from '../../../shared/time';
import { guardFormula } from './cell-text';
import { CATEGORY_LABEL, RESOLUTION_LABEL, STATUS_LABEL, reasonText, say } from './labels';
import { recordPlace, sortDifferences } from './workbook';

export type CsvEncoding = 'utf-8' | 'gb18030';

export interface CsvOptions {
  lang: Lang;
  encoding?: CsvEncoding;
  currency: string;
  timeZone: string;
}

const NEEDS_QUOTES = /[",\r\n\t]|^\s|\s$/;

export function csvText(value: string): string {
  const guarded = guardFormula(value);
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/**
 * Long digit strings (transaction ids, 18-digit order numbers) and ids with leading zeros are shown
 * by Excel as 1.23457E+17 or without the zeros. A trailing TAB — what Alipay's own bills do — makes
 * Excel keep them as text; tools that trim whitespace read the id unchanged.
 */
export function csvId(value: string | null): string {
  if (value === null || value === '') return '';
  if (/^\d{12,}$/.test(value) || /^0\d+$/.test(value)) return `"${value}\t"`;
  return csvText(value);
}

const HEAD = [
  { zh: '差错编号', en: 'Difference id' }, { zh: '类别', en: 'Category' }, { zh: '状态', en: 'Status' }, { zh: '处理方式', en: 'Resolution' },
  { zh: '原因', en: 'Reason' }, { zh: '备注', en: 'Note' }, { zh: '商户订单号', en: 'Order id' }, { zh: '渠道流水号', en: 'Channel txn id' },
  { zh: '币种', en: 'Currency' }, { zh: '渠道金额', en: 'Channel amount' }, { zh: '我方金额', en: 'Internal amount' },
  { zh: '差额（渠道−我方）', en: 'Difference (channel − internal)' }, { zh: '渠道净额', en: 'Channel net' }, { zh: '渠道时间', en: 'Channel time' },
  { zh: '渠道记录位置', en: 'Channel rows' }, { zh: '我方记录位置', en: 'Internal rows' },
];

export function differencesCsv(diffs: readonly DifferenceView[], options: CsvOptions): string {
  const e = currencyExponent(options.currency);
  // Amounts are our own figures, plain decimals (a negative amount stays a number, not guarded text).
  const amount = (minor: number) => minorToDecimal(minor, e);
  const lines = [HEAD.map((h) => csvText(h[options.lang])).join(',')];
  for (const d of sortDifferences(diffs)) {
    const txnIds = [...new Set(d.channel.map((r) => r.channelTxnId).filter((v): v is string => v !== null && v !== ''))];
    const first = d.channel[0];
    const fields: string[] = [
      String(d.id),
      csvText(say(CATEGORY_LABEL[d.category], options.lang)),
      csvText(say(STATUS_LABEL[d.status], options.lang)),
      csvText(d.resolution ? say(RESOLUTION_LABEL[d.resolution], options.lang) : ''),
      csvText(reasonText(d.reason, options.lang)),
      csvText(d.note ?? ''),
      csvId(d.orderId),
      txnIds.length === 1 ? csvId(txnIds[0] ?? null) : csvText(txnIds.join(' ')),
      csvText(options.currency),
      amount(d.channelAmountMinor),
      amount(d.internalAmountMinor),
      amount(d.differenceMinor),
      amount(d.channelNetMinor),
      csvText(first ? formatInstant(first.occurredAt, options.timeZone) : ''),
      csvText(d.channel.map(recordPlace).join(', ')),
      csvText(d.internal.map(recordPlace).join(', ')),
    ];
    lines.push(fields.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function encodeCsv(content: string, encoding: CsvEncoding): Buffer {
  return encoding === 'gb18030' ? iconv.encode(content, 'gb18030') : Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, 'utf8')]);
}

export function differencesCsvBytes(diffs: readonly DifferenceView[], options: CsvOptions): Buffer {
  return encodeCsv(differencesCsv(diffs, options), options.encoding ?? 'utf-8');
}
