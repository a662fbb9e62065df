// The daily run's workbook: one summary line per channel and period, then every open difference of
// those channels and periods, with the same columns as the statement's 差错 sheet.
import type { Lang } from '../../../shared/errors';
import { currencyExponent } from '../../../shared/money';
import { getChannel } from '../channels';
import type { DB } from '../workspace/db';
import { allDifferences } from '../statement/load';
import { DIFFERENCE_HEAD, differenceRow, sortDifferences } from '../statement/workbook';
import { count, money, text, XlsxWriter } from '../statement/xlsx-writer';
import type { InboxRunResult } from '../../../shared/contract/statement';

const SUMMARY_HEAD = [
  { zh: '渠道', en: 'Channel' }, { zh: '账期', en: 'Period' }, { zh: '币种', en: 'Currency' }, { zh: '净额', en: 'Net' },
  { zh: '双方认可金额', en: 'Agreed' }, { zh: '争议金额', en: 'Disputed' }, { zh: '我方主张金额', en: 'Claims' },
  { zh: '未决差错', en: 'Open differences' }, { zh: '超出容差', en: 'Over tolerance' }, { zh: '已结账', en: 'Closed' },
];

const DIFF_HEAD_PREFIX = [{ zh: '渠道', en: 'Channel' }, { zh: '账期', en: 'Period' }];

export function writeDifferenceReport(db: DB, run: InboxRunResult, path: string, lang: Lang): void {
  const book = new XlsxWriter(path);
  try {
    const summary = book.addSheet(lang === 'zh' ? '汇总' : 'Summary', { widths: [12, 10, 8, 16, 16, 16, 16, 12, 12, 8], freezeRows: 1 });
    summary.row(SUMMARY_HEAD.map((h) => text(h[lang], 'header')));
    for (const c of run.channels) {
      const e = currencyExponent(c.report.currency);
      summary.row([
        c.channelId, c.period, c.report.currency, money(c.report.net, e), money(c.report.agreed, e), money(c.report.disputed, e), money(c.report.claims, e),
        count(c.open), count(c.overTolerance), c.report.closed ? (lang === 'zh' ? '是' : 'yes') : (lang === 'zh' ? '否' : 'no'),
      ]);
    }
    const diffs = book.addSheet(lang === 'zh' ? '未决差错' : 'Open differences', { widths: [12, 10, 10, 16, 8, 10, 20, 30, 26, 32, 14, 14, 14, 14, 20, 30, 30, 12, 22], freezeRows: 1 });
    diffs.row([...DIFF_HEAD_PREFIX, ...DIFFERENCE_HEAD].map((h) => text(h[lang], 'header')));
    for (const c of run.channels) {
      const channel = getChannel(db, c.channelId);
      const e = currencyExponent(channel.currency);
      for (const d of sortDifferences(allDifferences(db, c.channelId, c.period, 'open'))) {
        diffs.row([c.channelId, c.period, ...differenceRow(d, lang, e, channel.timeZone)]);
      }
    }
    book.commit();
  } catch (err) {
    book.abort();
    throw err;
  }
}
