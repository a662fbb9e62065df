// The receivables report (对账回款函) a finance lead sends to a channel: per channel the agreed
// statements still outstanding as of a day, what arrived against them and what is still owed, then
// every receivable and the open differences of the receipts stage. Streamed with the statement's
// xlsx writer; exports are audited with the file's SHA-256.
import type { ReceivablesOverview, ReceivableStatus } from '../../../shared/contract/receivables';
import { currencyExponent } from '../../../shared/money';
import { companyName } from '../statement/load';
import { count, money, text, XlsxWriter, type SheetWriter } from '../statement/xlsx-writer';
import type { WrittenFile } from '../statement/atomic-file';
import { appendAudit } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';
import { receivablesOverview } from './index';

export const STATUS_LABEL: Readonly<Record<ReceivableStatus, string>> = {
  unpaid: '未回款', partial: '部分回款', paid: '已回款', overpaid: '多付', overdue: '逾期',
};

export const REPORT_SHEETS = { letter: '回款函', receivables: '应收明细', differences: '回款差错' } as const;

export const LETTER_HEAD = ['渠道', '账期', '对账单号', '币种', '确认金额', '已回款', '银行手续费', '未回金额', '应回款日', '账龄(天)', '状态'] as const;

function header(sheet: SheetWriter, labels: readonly string[]): void {
  sheet.row(labels.map((l) => text(l, 'header')));
}

export function writeReceivablesReport(db: DB, outPath: string, q: { channelId?: string; asOf?: string }): WrittenFile & { rows: number; overview: ReceivablesOverview } {
  const overview = receivablesOverview(db, q);
  const company = companyName(db);
  const outstanding = overview.receivables.filter((r) => r.outstandingMinor > 0);
  const book = new XlsxWriter(outPath);
  let rows = 0;
  try {
    const letter = book.addSheet(REPORT_SHEETS.letter, { widths: [14, 10, 20, 6, 16, 16, 12, 16, 12, 10, 10] });
    letter.row([text('对账回款函', 'title')]);
    letter.row([]);
    letter.row([text('致', 'bold'), overview.totals.map((t) => t.channelName).filter((n, i, a) => a.indexOf(n) === i).join('、') || '-']);
    letter.row([text('发函方', 'bold'), company]);
    letter.row([text('截至日期', 'bold'), overview.asOf]);
    letter.row([]);
    letter.row([text('截至上述日期，下列已确认的对账单款项尚未足额回款，请核对并安排付款；如有出入，请于收函后 5 个工作日内回复。', 'wrap')]);
    letter.row([]);
    header(letter, LETTER_HEAD);
    for (const r of outstanding) {
      const e = currencyExponent(r.currency);
      letter.row([r.channelName, r.period, r.statementNo ?? '', r.currency, money(r.agreedMinor, e), money(r.receivedMinor, e), money(r.chargeMinor, e),
        money(r.outstandingMinor, e), r.expectedOn, count(r.daysOutstanding ?? 0), STATUS_LABEL[r.status]]);
      rows++;
    }
    for (const t of overview.totals.filter((x) => x.outstandingMinor > 0)) {
      const e = currencyExponent(t.currency);
      letter.row([text(`${t.channelName} 合计`, 'bold'), '', '', t.currency, money(t.expectedMinor, e, true), money(t.receivedMinor, e, true), '', money(t.outstandingMinor, e, true)]);
    }
    letter.row([]);
    letter.row([text('发函方（盖章）：', 'bold'), '', '', '', text('渠道确认（盖章）：', 'bold')]);
    letter.row([text('日期：', 'bold'), '', '', '', text('日期：', 'bold')]);

    const all = book.addSheet(REPORT_SHEETS.receivables, { widths: [14, 10, 20, 6, 16, 16, 12, 16, 12, 12, 10, 10, 12], freezeRows: 1 });
    header(all, ['渠道', '账期', '对账单号', '币种', '确认金额', '已回款', '银行手续费', '未回金额', '出单日', '应回款日', '账龄(天)', '状态', '回款日']);
    for (const r of overview.receivables) {
      const e = currencyExponent(r.currency);
      all.row([r.channelName, r.period, r.statementNo ?? '', r.currency, money(r.agreedMinor, e), money(r.receivedMinor, e), money(r.chargeMinor, e),
        money(r.outstandingMinor, e), r.issuedOn, r.expectedOn, r.daysOutstanding === null ? '' : count(r.daysOutstanding), STATUS_LABEL[r.status], r.paidOn ?? '']);
    }

    const diffs = book.addSheet(REPORT_SHEETS.differences, { widths: [12, 14, 10, 6, 16, 60, 10], freezeRows: 1 });
    header(diffs, ['类型', '渠道', '账期', '币种', '金额', '说明', '状态']);
    const KIND: Record<string, string> = { short_paid: '少付', over_paid: '多付', duplicate: '重复打款', payer_mismatch: '付款人不符' };
    for (const d of overview.differences.filter((x) => x.status === 'open')) {
      diffs.row([KIND[d.kind] ?? d.kind, d.channelId, d.period ?? '', d.currency, money(d.amountMinor, currencyExponent(d.currency)), d.detail.zh, '未处理']);
    }
    const file = book.commit();
    writeTransaction(db, () => appendAudit(db, {
      action: 'receivables.export', channelId: q.channelId ?? null, subject: outPath,
      after: { path: file.path, sha256: file.sha256, bytes: file.bytes, asOf: overview.asOf, outstandingRows: rows },
    }));
    return { ...file, rows, overview };
  } catch (e) {
    book.abort();
    throw e;
  }
}
