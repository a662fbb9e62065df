// Bills the plain reader cannot split by itself, read through user profiles only: web pages saved as
// .xls, fixed-width text (by characters, and by GBK bytes), a ZIP of daily bills read as one bill;
// detection with each profile's own read options, ties and built-ins; notes raised while reading
// reaching the summary; a bill in another currency than its channel's; a channel's default profile.
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, previewFile } from '../../../electron/engine/import/pipeline';
import { setChannelDefaultProfile } from '../../../electron/engine/import/channel-profiles';
import type { ProfileInput } from '../../../shared/profile';
import { buildZip } from '../readers/build';
import { addProfile, dumpContent, gbk, records, sampleWorkspace, testProfile, userError, utf8, xlsx } from './helpers';

let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
});
afterEach(() => t.cleanup());

const at = (local: string): number => Date.parse(`${local.replace(' ', 'T')}+08:00`);

describe('web pages saved as .xls', () => {
  const bankPage: ProfileInput = {
    id: 'bank-web',
    name: '网银网页导出',
    side: 'channel',
    channelId: 'bank',
    detect: { headers: ['交易时间', '流水号', '对方账号', '借方发生额', '贷方发生额'] },
    fields: {
      channelTxnId: { from: '流水号' },
      account: { from: '对方账号' },
      kind: { bySign: true },
      amount: { credit: '贷方发生额', debit: '借方发生额', sign: 'as-is', emptyIsZero: true },
      time: { from: '交易时间' },
      memo: { from: '摘要' },
    },
  };
  // What a bank portal sends as 明细.xls: GBK bytes, a page that says gb2312, a title over all
  // columns, <th> captions, &nbsp; for empty cells, ids kept as text by mso-number-format.
  const page = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>.txt{mso-number-format:"\\@";}</style></head>
<body><table border="1">
<tr><td colspan="6" align="center"><b>账户交易明细</b></td></tr>
<tr><td colspan="2">账号：</td><td colspan="4" class="txt">6222020200112233445</td></tr>
<tr><th>交易时间</th><th>流水号</th><th>对方账号</th><th>借方发生额</th><th>贷方发生额</th><th>摘要</th></tr>
<tr><td>2026-09-01 09:30:00</td><td style="mso-number-format:'\\@'">0012345678901234567</td><td class="txt">6222020200112233445</td><td>&nbsp;</td><td>1,234.56</td><td>货款&amp;运费</td></tr>
<tr><td>2026-09-02 10:00:00</td><td style="mso-number-format:'\\@'">0012345678901234568</td><td class="txt">6222020200998877665</td><td>12.00</td><td>&nbsp;</td><td>手续费<br>九月</td></tr>
<tr><td colspan="3">合计</td><td>12.00</td><td>1,234.56</td><td></td></tr>
</table></body></html>`;

  it('reads the table of a GBK page declaring gb2312: colspan, <th>, &nbsp;, ids exactly as written', () => {
    addProfile(t.ws.db, bankPage);
    const s = importFile(t.ws.db, gbk(page), '明细.xls');
    expect(s.profileId).toBe('bank-web');
    expect(s.container).toBe('html');
    expect(s.skippedByReason).toMatchObject({ preamble: 2, header: 1, summary: 1 });
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.account, r.kind, r.amount_minor, r.memo, r.occurred_at])).toEqual([
      ['0012345678901234567', '6222020200112233445', 'payment', 123456, '货款&运费', at('2026-09-01 09:30:00')],
      ['0012345678901234568', '6222020200998877665', 'refund', 1200, '手续费 九月', at('2026-09-02 10:00:00')],
    ]);
    expect(records(t.ws.db)[0]!.raw).toEqual(['2026-09-01 09:30:00', '0012345678901234567', '6222020200112233445', '', '1,234.56', '货款&运费']);
  });

  it('keeps columns in place under rowspan: the covered cell is empty, as Excel shows a merged cell', () => {
    addProfile(t.ws.db, bankPage);
    const spanned = page
      .replace('<td class="txt">6222020200112233445</td><td>&nbsp;</td>', '<td class="txt" rowspan="2">6222020200112233445</td><td>&nbsp;</td>')
      .replace('<td class="txt">6222020200998877665</td>', '');
    importFile(t.ws.db, gbk(spanned), '明细2.xls');
    expect(records(t.ws.db).map((r) => [r.account, r.kind, r.amount_minor, r.memo])).toEqual([
      ['6222020200112233445', 'payment', 123456, '货款&运费'],
      [null, 'refund', 1200, '手续费 九月'],
    ]);
  });
});

// A fixed-width acquirer file: code, serial, time (yyyyMMddHHmmss), amount in fen, merchant short
// name, order id; a title line and a ruler above, a TOTAL line below.
const FIXED_COLUMNS = (nameWidth: number) => {
  const cols = [['交易代码', 3], ['流水号', 21], ['交易时间', 14], ['交易金额', 12], ['商户简称', nameWidth], ['订单号', 12]] as const;
  let start = 1;
  return cols.map(([name, width]) => {
    const c = { name, start, width };
    start += width + 1;
    return c;
  });
};

function fixedProfile(unit: 'char' | 'byte', nameWidth: number): ProfileInput {
  return {
    id: `acq-${unit}`,
    name: '收单机构对账文件',
    side: 'channel',
    channelId: 'bank',
    detect: { headers: ['交易代码', '流水号', '交易时间', '交易金额', '订单号'] },
    read: { fixedWidth: { unit, columns: FIXED_COLUMNS(nameWidth), headerLines: 2, trailer: '^TOTAL' } },
    fields: {
      channelTxnId: { from: '流水号' },
      orderId: { from: '订单号' },
      kind: { from: '交易代码', map: { S22: 'payment', S30: 'refund' } },
      amount: { from: '交易金额', unit: 'fen' },
      time: { from: '交易时间' },
      memo: { from: '商户简称' },
    },
    totals: { lines: [{ pattern: '^TOTAL\\s+(\\d+)\\s+([-\\d.]+)', kind: 'all', countGroup: 1, amountGroup: 2 }], required: true },
  };
}

/** Pads to a width counted in characters, or in GBK bytes. */
function pad(text: string, width: number, unit: 'char' | 'byte'): string {
  const used = unit === 'byte' ? iconv.encode(text, 'gbk').length : text.length;
  return text + ' '.repeat(width - used);
}

function fixedFile(unit: 'char' | 'byte', nameWidth: number): string {
  const line = (code: string, serial: string, time: string, fen: string, name: string, order: string) =>
    [code, serial, time, fen.padStart(12, '0'), pad(name, nameWidth, unit), order].join(' ');
  return [
    'ACQUIRER RECONCILIATION 20260901',
    '--- --------------------- -------------- ------------ ---------- ------------',
    line('S22', '000000000000000000001', '20260901093000', '10050', '某某商户', 'M00000000001'),
    line('S22', '000000000000000000002', '20260901100000', '20000', 'Shop A', 'M00000000002'),
    line('S30', '000000000000000000003', '20260901110000', '5000', '某某商户', 'M00000000001'),
    '',
    'TOTAL 3 250.50',
  ].join('\r\n');
}

describe('fixed-width text', () => {
  it('by characters: a UTF-8 file, found by its user profile without --profile', () => {
    addProfile(t.ws.db, fixedProfile('char', 10));
    const s = importFile(t.ws.db, utf8(fixedFile('char', 10)), 'acq_20260901.txt');
    expect(s.profileId).toBe('acq-char');
    expect(s.container).toBe('fixed-width');
    expect(s.footerChecked).toBe(true);
    expect(s.skippedByReason).toMatchObject({ preamble: 1, header: 1, blank: 1, footer: 1 });
    expect(records(t.ws.db).map((r) => [r.kind, r.channel_txn_id, r.order_id, r.amount_minor, r.memo, r.occurred_at])).toEqual([
      ['payment', '000000000000000000001', 'M00000000001', 10050, '某某商户', at('2026-09-01 09:30:00')],
      ['payment', '000000000000000000002', 'M00000000002', 20000, 'Shop A', at('2026-09-01 10:00:00')],
      ['refund', '000000000000000000003', 'M00000000001', 5000, '某某商户', at('2026-09-01 11:00:00')],
    ]);
  });

  it('by bytes: a GBK file whose Chinese names take two bytes a character', () => {
    addProfile(t.ws.db, fixedProfile('byte', 10));
    const s = importFile(t.ws.db, gbk(fixedFile('byte', 10)), 'acq_gbk_20260901.txt');
    expect(s.profileId).toBe('acq-byte');
    expect(records(t.ws.db).map((r) => [r.memo, r.order_id])).toEqual([['某某商户', 'M00000000001'], ['Shop A', 'M00000000002'], ['某某商户', 'M00000000001']]);
  });

  it('the same GBK file counted in characters shifts every field after a Chinese name', () => {
    addProfile(t.ws.db, { ...fixedProfile('char', 10), id: 'acq-wrong-unit' });
    importFile(t.ws.db, gbk(fixedFile('byte', 10)), 'acq_gbk.txt', { profileId: 'acq-wrong-unit' });
    const [first, second] = records(t.ws.db);
    // Two bytes per Chinese character: in characters the name field runs into the order id.
    expect(first!.memo).toBe('某某商户   M00');
    expect(first!.order_id).toBe('00000001');
    expect(second!.order_id).toBe('M00000000002');
  });
});

describe('fixed-width entries without a file extension', () => {
  it("a ZIP of UnionPay-style daily files is read through the profile's entryPattern, found without --profile", () => {
    addProfile(t.ws.db, { ...fixedProfile('byte', 10), read: { ...fixedProfile('byte', 10).read, entryPattern: 'ZM_\\d+$' } });
    const zip = buildZip([
      { name: 'INN26090100ZM_777290058138766', data: gbk(fixedFile('byte', 10)) },
      { name: 'INN26090200ZM_777290058138766', data: gbk(fixedFile('byte', 10).replace(/S22 0000000000000000000/g, 'S22 1000000000000000000').replace(/S30 0000000000000000000/g, 'S30 1000000000000000000')) },
      { name: 'INN26090100ZME_777290058138766', data: gbk('差错文件') },
    ]);
    const s = importFile(t.ws.db, zip, 'unionpay_202609.zip');
    expect(s.profileId).toBe('acq-byte');
    expect(s.accepted).toBe(6);
    expect(s.warnings.map((w) => w.en).join('\n')).toContain('ZIP entry skipped: "INN26090100ZME_777290058138766"');
  });
});

// --- many files in one bill ---------------------------------------------------------------------

const WECHAT_HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

function wechatDay(day: string, payments: [string, string][], summary?: string): string {
  const rows = payments.map(([order, amount], i) =>
    `\`2026-09-${day} 1${i}:00:00,\`wx9dfe38480f030e85,\`1627859777,\`0,\`,\`42000020862026090${day}${String(i).padStart(10, '0')},\`${order},\`o2RW45oG,\`NATIVE,\`SUCCESS,\`OTHERS,\`CNY,\`${amount},\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`钻石,\`,\`0.00000,\`0.60%,\`${amount},\`0.00,\``);
  const total = payments.reduce((n, [, a]) => n + Math.round(Number(a) * 100), 0);
  const yuan = (total / 100).toFixed(2);
  return `\uFEFF${[WECHAT_HEADER, ...rows, SUMMARY_HEADER, summary ?? `\`${payments.length},\`${yuan},\`0.00,\`0.00,\`0.00000,\`${yuan},\`0.00`].join('\r\n')}\r\n`;
}

describe('many files in one bill', () => {
  it('reads every daily entry of a monthly ZIP as one bill, an empty day included, and lists the entry that does not fit', () => {
    const zip = buildZip([
      { name: 'tradebill_20260901.csv', data: wechatDay('01', [['G1', '10.00'], ['G2', '20.00']]) },
      { name: 'tradebill_20260902.csv', data: wechatDay('02', []) },
      { name: 'tradebill_20260903.csv', data: wechatDay('03', [['G3', '5.00']]) },
      { name: '说明.txt', data: '本压缩包含 9 月每日交易账单。' },
      { name: 'tradebill_20260904.csv', data: '' },
    ]);
    const s = importFile(t.ws.db, zip, 'tradebill_202609.zip');
    expect(s.profileId).toBe('wechat-trade');
    expect(s.accepted).toBe(3);
    expect(s.footerChecked).toBe(true);
    const warnings = s.warnings.map((w) => w.en).join('\n');
    expect(warnings).toContain('"说明.txt" does not fit profile wechat-trade and was not read');
    expect(warnings).toContain('ZIP entry "tradebill_20260904.csv" is empty (0 bytes) and was skipped');
    expect(warnings).toContain('made of 3 files: tradebill_20260901.csv, tradebill_20260902.csv, tradebill_20260903.csv');
    const rows = records(t.ws.db);
    expect(rows.map((r) => r.order_id)).toEqual(['G1', 'G2', 'G3']);
    // Rows are numbered on through the entries, so each stored row keeps its own raw line.
    expect(new Set(rows.map((r) => r.row_number)).size).toBe(3);
    expect(rows[2]!.raw[6]).toBe('`G3');
  });

  it('the parse worker reads the same entries, rows and notes as the importing thread', () => {
    const zip = buildZip([
      { name: 'tradebill_20260901.csv', data: wechatDay('01', [['G1', '10.00'], ['G2', '20.00']]) },
      { name: 'tradebill_20260902.csv', data: wechatDay('02', [['G3', '5.00']]) },
    ]);
    const inThread = importFile(t.ws.db, zip, 'a.zip', { parallel: false });
    const first = records(t.ws.db).map((r) => [r.order_id, r.row_number, r.raw[6]]);
    const u = sampleWorkspace();
    try {
      const worker = importFile(u.ws.db, zip, 'a.zip', { parallel: true });
      expect(records(u.ws.db).map((r) => [r.order_id, r.row_number, r.raw[6]])).toEqual(first);
      expect(worker.warnings).toEqual(inThread.warnings);
    } finally {
      u.cleanup();
    }
  });

  it('entries read different ways (a CSV day and an xlsx day) each keep their raw rows', () => {
    addProfile(t.ws.db, testProfile());
    const zip = buildZip([
      { name: 'bank_20260901.csv', data: '流水号,订单号,金额(元),时间,备注\nT1,O1,1.00,2026-09-01 10:00:00,csv\n' },
      { name: 'bank_20260902.xlsx', data: xlsx([['流水号', '订单号', '金额(元)', '时间', '备注'], ['T2', 'O2', 2, '2026-09-02 10:00:00', 'xlsx']]) },
    ]);
    const s = importFile(t.ws.db, zip, 'bank_202609.zip');
    expect(s.accepted).toBe(2);
    expect(records(t.ws.db).map((r) => r.raw)).toEqual([['T1', 'O1', '1.00', '2026-09-01 10:00:00', 'csv'], ['T2', 'O2', '2', '2026-09-02 10:00:00', 'xlsx']]);
  });

  it('checks each entry against its own footer and names the entry that disagrees', () => {
    const zip = buildZip([
      { name: 'tradebill_20260901.csv', data: wechatDay('01', [['G1', '10.00']]) },
      { name: 'tradebill_20260902.csv', data: wechatDay('02', [['G2', '20.00']], '`1,`25.00,`0.00,`0.00,`0.00000,`25.00,`0.00') },
    ]);
    const before = dumpContent(t.ws.db);
    const e = userError(() => importFile(t.ws.db, zip, 'tradebill_202609.zip'));
    expect(e.key).toBe('import.footer_mismatch');
    expect(e.en).toContain('tradebill_202609.zip › tradebill_20260902.csv');
    expect(dumpContent(t.ws.db)).toBe(before);
  });
});

// --- detection ----------------------------------------------------------------------------------

describe('detection', () => {
  it("opens a file with a user profile's own encoding: UTF-16 without a BOM is found without --profile", () => {
    addProfile(t.ws.db, testProfile({ id: 'utf16-bank', read: { encoding: 'utf-16le', delimiter: ';' } }));
    const text = '流水号;订单号;金额(元);时间;备注\r\nT1;O1;12.50;2026-09-01 10:00:00;x\r\n';
    const s = importFile(t.ws.db, Buffer.from(text, 'utf16le'), 'bank_utf16.csv');
    expect(s.profileId).toBe('utf16-bank');
    expect(records(t.ws.db).map((r) => r.amount_minor)).toEqual([1250]);
  });

  it('reports two profiles that explain a file equally well instead of guessing', () => {
    addProfile(t.ws.db, testProfile({ id: 'bank-a' }));
    addProfile(t.ws.db, testProfile({ id: 'bank-b' }));
    const bill = utf8('流水号,订单号,金额(元),时间,备注\nT1,O1,1.00,2026-09-01 10:00:00,\n');
    const e = userError(() => importFile(t.ws.db, bill, 'bank.csv'));
    expect(e.key).toBe('import.ambiguous_layout');
    expect(e.en).toContain('bank-a, bank-b');
    expect(importFile(t.ws.db, bill, 'bank.csv', { profileId: 'bank-b' }).profileId).toBe('bank-b');
  });

  it('the profile that explains more of the header wins', () => {
    addProfile(t.ws.db, testProfile({ id: 'bank-few', fields: { memo: undefined } }));
    addProfile(t.ws.db, testProfile({ id: 'bank-more' }));
    const s = importFile(t.ws.db, utf8('流水号,订单号,金额(元),时间,备注\nT1,O1,1.00,2026-09-01 10:00:00,m\n'), 'bank.csv');
    expect(s.profileId).toBe('bank-more');
  });

  it('a user profile never shadows a built-in that explains more of the bill', () => {
    addProfile(t.ws.db, {
      id: 'my-wechat', name: 'my wechat', side: 'channel', channelId: 'wechat',
      detect: { headers: ['交易时间', '微信订单号', '商户订单号'] },
      fields: { channelTxnId: { from: '微信订单号' }, orderId: { from: '商户订单号' }, kind: { value: 'payment' }, amount: { from: '应结订单金额' }, time: { from: '交易时间' } },
    });
    const s = importFile(t.ws.db, utf8(wechatDay('01', [['G1', '10.00']])), 'wechat.csv');
    expect(s.profileId).toBe('wechat-trade');
  });

  it('preview and import read the same opening: the preview shows the profile found by its read options', () => {
    addProfile(t.ws.db, fixedProfile('byte', 10));
    const p = previewFile(t.ws.db, gbk(fixedFile('byte', 10)), 'acq.txt');
    expect(p.profileId).toBe('acq-byte');
    expect(p.container).toBe('fixed-width');
    expect(p.rows.map((r) => r.outcome.type === 'record' ? r.outcome.record.memo : null)).toEqual(['某某商户', 'Shop A', '某某商户']);
  });
});

describe('notes raised while reading reach the summary', () => {
  it('the merged-cell note of a sheet read by the parser is in the import summary', () => {
    addProfile(t.ws.db, testProfile());
    const bytes = xlsx([['银行流水明细'], ['流水号', '订单号', '金额(元)', '时间', '备注'], ['T1', 'O1', 1, '2026-09-01 10:00:00', '']], { merges: ['A1:E1'] });
    const s = importFile(t.ws.db, bytes, 'bank.xlsx');
    expect(s.warnings.map((w) => w.en).join('\n')).toContain('has merged cells (value only in the top-left cell): A1:E1');
  });
});

describe('currency and channel', () => {
  it("refuses at import a bill in another currency than its channel's, naming the row", () => {
    addProfile(t.ws.db, testProfile({ fields: { currency: { from: '币种' } } }));
    const before = dumpContent(t.ws.db);
    const e = userError(() => importFile(t.ws.db, utf8('流水号,订单号,金额(元),时间,币种,备注\nT1,O1,1.00,2026-09-01 10:00:00,CNY,\nT2,O2,2.00,2026-09-01 11:00:00,HKD,\n'), 'bank_hkd.csv'));
    expect(e.key).toBe('import.foreign_currency');
    expect(e.en).toContain('row 3 is in HKD, but channel bank settles in CNY');
    expect(dumpContent(t.ws.db)).toBe(before);
  });

  it("a channel naming a profile as its default takes that profile's bills without --channel", () => {
    const stripe = 'id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Description\ntxn_1,charge,ch_1,49.99,1.75,48.24,usd,2026-09-03 12:00,Order ID: S1\n';
    expect(userError(() => importFile(t.ws.db, utf8(stripe), 'balance.csv')).key).toBe('import.no_channel');
    setChannelDefaultProfile(t.ws.db, 'stripe', 'stripe-balance');
    const s = importFile(t.ws.db, utf8(stripe), 'balance.csv');
    expect(s.channelId).toBe('stripe');
    expect(records(t.ws.db).map((r) => [r.channel_id, r.currency, r.amount_minor])).toEqual([['stripe', 'USD', 4999]]);
  });

  it('two channels defaulting to one profile: the user must name the channel', () => {
    t.ws.db.prepare("INSERT INTO channels (id, name, currency, created_at) VALUES ('stripe-eu', 'Stripe EU', 'USD', '2026-01-01')").run();
    setChannelDefaultProfile(t.ws.db, 'stripe', 'stripe-balance');
    setChannelDefaultProfile(t.ws.db, 'stripe-eu', 'stripe-balance');
    const stripe = 'id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Description\ntxn_1,charge,ch_1,49.99,1.75,48.24,usd,2026-09-03 12:00,Order ID: S1\n';
    const e = userError(() => importFile(t.ws.db, utf8(stripe), 'balance.csv'));
    expect(e.key).toBe('import.channel_ambiguous');
    expect(importFile(t.ws.db, utf8(stripe), 'balance.csv', { channelId: 'stripe-eu' }).channelId).toBe('stripe-eu');
  });
});
