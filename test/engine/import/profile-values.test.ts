// The profile language for values (docs/import.md "Profile format"): dates and times as declared,
// zones per row, computed amounts, signs and kinds from anywhere. Each bill is a small realistic file
// with the quirk beside rows that must not be disturbed by it, imported through a user profile only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { saveChannel } from '../../../electron/engine/channels';
import { importFile } from '../../../electron/engine/import/pipeline';
import type { ProfileInput } from '../../../shared/profile';
import { addProfile, dumpContent, gbk, records, sampleWorkspace, testProfile, userError, utf8 } from './helpers';

let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
});
afterEach(() => t.cleanup());

const at = (iso: string) => Date.parse(iso);
const importWith = (p: ProfileInput, bytes: Uint8Array, name: string) => {
  addProfile(t.ws.db, p);
  return importFile(t.ws.db, bytes, name, { profileId: p.id });
};
const refused = (p: ProfileInput, bytes: Uint8Array, name: string) => {
  const before = dumpContent(t.ws.db);
  addProfile(t.ws.db, p);
  const after = dumpContent(t.ws.db);
  const e = userError(() => importFile(t.ws.db, bytes, name, { profileId: p.id }));
  expect(dumpContent(t.ws.db)).toBe(after);
  expect(after).not.toBe(before);
  return e;
};

describe('dates and times as declared', () => {
  it('reads MM/dd/yyyy where sniffing cannot, and dd.MM.yyyy beside it in another bill', () => {
    const us = testProfile({ id: 'us-dates', fields: { time: { from: '时间', format: 'MM/dd/yyyy HH:mm:ss' } } });
    importWith(us, utf8('流水号,订单号,金额(元),时间,备注\nT1,O1,10.00,09/01/2026 08:00:00,\nT2,O2,12.00,12/09/2026 23:59:59,\nT3,O3,1.00,1/2/2026 7:05:09,\n'), 'us.csv');
    const eu = testProfile({ id: 'eu-dates', fields: { time: { from: '时间', format: 'dd.MM.yyyy HH:mm' } } });
    importWith(eu, utf8('流水号,订单号,金额(元),时间,备注\nE1,O4,5.00,01.09.2026 08:00,\nE2,O5,6.00,12.09.2026 23:59,\n'), 'eu.csv');
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.occurred_at, r.period])).toEqual([
      ['T1', at('2026-09-01T00:00:00Z'), '2026-09'],
      ['T2', at('2026-12-09T15:59:59Z'), '2026-12'],
      ['T3', at('2026-01-01T23:05:09Z'), '2026-01'],
      ['E1', at('2026-09-01T00:00:00Z'), '2026-09'],
      ['E2', at('2026-09-12T15:59:00Z'), '2026-09'],
    ]);
  });

  it('names the row, column and declared format when a time does not fit it', () => {
    const p = testProfile({ id: 'eu-dates', fields: { time: { from: '时间', format: 'dd.MM.yyyy HH:mm' } } });
    const e = refused(p, utf8('流水号,订单号,金额(元),时间,备注\nE1,O4,5.00,01.09.2026 08:00,\nE2,O5,6.00,2026-09-12 23:59:00,\n'), 'eu.csv');
    expect(e.key).toBe('import.bad_value');
    expect(e.zh).toContain('第 3 行“时间”列的值“2026-09-12 23:59:00”无法读取：不符合模板声明的日期格式 dd.MM.yyyy HH:mm');
    expect(e.en).toContain("does not match the profile's date format dd.MM.yyyy HH:mm");
  });

  it('reads yyyyMMddHHmmss and yyyy年MM月dd日 with full-width digits and colons, declared or sniffed', () => {
    const compact = testProfile({ id: 'compact', fields: { time: { from: '时间', format: 'yyyyMMddHHmmss' } } });
    importWith(compact, utf8('流水号,订单号,金额(元),时间,备注\nC1,O1,1.00,20260901083045,\n'), 'compact.csv');
    const cn = testProfile({ id: 'cn-dates', fields: { time: { from: '时间', format: 'yyyy年MM月dd日 HH:mm:ss' } } });
    importWith(cn, utf8('流水号,订单号,金额(元),时间,备注\nK1,O2,1.00,２０２６年09月01日 16：33：45,\nK2,O3,1.00,2026年9月2日 8:03:05,\n'), 'cn.csv');
    // No format: the usual layouts, with full-width colons as a user typed them.
    importWith(testProfile({ id: 'sniffed' }), utf8('流水号,订单号,金额(元),时间,备注\nS1,O4,1.00,2026-09-03 16：33：45,\n'), 'sniffed.csv');
    // A time of day in its own column, typed with full-width digits and colon.
    const split = testProfile({ id: 'split-time', detect: { headers: ['流水号', '金额(元)', '日期'] }, fields: { time: { from: '日期', timeFrom: '时刻' } } });
    importWith(split, utf8('流水号,订单号,金额(元),日期,时刻,备注\nS2,O5,1.00,20260904,１６：３３：４５,\n'), 'split.csv');
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.occurred_at])).toEqual([
      ['C1', at('2026-09-01T00:30:45Z')],
      ['K1', at('2026-09-01T08:33:45Z')],
      ['K2', at('2026-09-02T00:03:05Z')],
      ['S1', at('2026-09-03T08:33:45Z')],
      ['S2', at('2026-09-04T08:33:45Z')],
    ]);
  });

  it('takes the year of MMddHHmmss from the entry name: a December row in a January file is of the year before', () => {
    const p = testProfile({
      id: 'unionpay-like',
      detect: { headers: ['查询流水号', '交易金额', '交易传输时间'] },
      read: { delimiter: '|' },
      fields: {
        channelTxnId: { from: '查询流水号' }, orderId: { from: '商户订单号' }, memo: undefined,
        amount: { from: '交易金额', unit: 'fen' }, kind: { value: 'payment' },
        time: { from: '交易传输时间', format: 'MMddHHmmss', dateFrom: { source: 'fileName', pattern: 'INN(\\d{6})', format: 'yyMMdd' } },
      },
    });
    const bill = '查询流水号|商户订单号|交易金额|交易传输时间\nQ1|O1|000000012345|1231235959\nQ2|O2|000000000100|0101000001\nQ3|O3|000000000200|0102093000\n';
    const s = importWith(p, utf8(bill), 'INN27010288ZM_777290058138766.txt');
    expect(s.periods).toEqual(['2026-12', '2027-01']);
    expect(records(t.ws.db).map((r) => [r.amount_minor, r.occurred_at])).toEqual([
      [12345, at('2026-12-31T15:59:59Z')],
      [100, at('2026-12-31T16:00:01Z')],
      [200, at('2027-01-02T01:30:00Z')],
    ]);
    // The same bill under a name without the date: refused, saying where the year was looked for.
    t.ws.db.prepare('DELETE FROM profiles').run();
    const e = refused(p, utf8(bill.replace('Q3|O3|000000000200', 'Q4|O4|000000000300')), 'unionpay.txt');
    expect(e.key).toBe('import.date_context_missing');
    expect(e.zh).toContain('从文件名读取（格式 yyMMdd）');
    // In a ZIP, the entry's own name gives the date.
    const zip = zipSync({ 'INN26093088ZM_777290058138766.txt': strToU8('查询流水号|商户订单号|交易金额|交易传输时间\nQ9|O9|000000000900|0930120000\n') });
    importFile(t.ws.db, zip, 'unionpay_2026-09.zip', { profileId: 'unionpay-like' });
    expect(records(t.ws.db).at(-1)).toMatchObject({ channel_txn_id: 'Q9', occurred_at: at('2026-09-30T04:00:00Z') });
  });

  it('takes the year from a preamble line, and a whole date from a key/value cell for times of day', () => {
    const preamble = testProfile({
      id: 'preamble-year',
      fields: { time: { from: '时间', format: 'MM-dd HH:mm:ss', dateFrom: { source: 'preamble', pattern: '账单日期：(\\d{4}年\\d{2}月\\d{2}日)', format: 'yyyy年MM月dd日' } } },
    });
    importWith(preamble, utf8('商户对账单\n账单日期：2027年01月03日\n流水号,订单号,金额(元),时间,备注\nP1,O1,1.00,12-31 22:00:00,\nP2,O2,2.00,01-02 10:00:00,\n'), 'bill.csv');

    const ws = XLSX.utils.aoa_to_sheet([['日结算单'], ['结算日期', '2026-09-15'], [], ['流水号', '订单号', '金额(元)', '时间'], ['D1', 'O3', 3, '09:30:00'], ['D2', 'O4', 4, '23:59:59']]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '明细');
    const cell = testProfile({ id: 'cell-date', fields: { memo: undefined, time: { from: '时间', format: 'HH:mm:ss', dateFrom: { source: 'cell', label: '结算日期', format: 'yyyy-MM-dd' } } } });
    importWith(cell, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, 'daily.xlsx');
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.occurred_at])).toEqual([
      ['P1', at('2026-12-31T14:00:00Z')],
      ['P2', at('2027-01-02T02:00:00Z')],
      ['D1', at('2026-09-15T01:30:00Z')],
      ['D2', at('2026-09-15T15:59:59Z')],
    ]);
  });
});

describe('zones per row', () => {
  const paypal = (zones?: Record<string, string>): ProfileInput => ({
    id: 'paypal-activity', name: 'PayPal activity', side: 'channel', channelId: 'paypal',
    detect: { headers: ['Date', 'Time', 'TimeZone', 'Gross', 'Transaction ID'] },
    fields: {
      channelTxnId: { from: 'Transaction ID' }, kind: { bySign: true }, amount: { from: 'Gross', sign: 'as-is' },
      fee: { from: 'Fee', emptyIsZero: true }, currency: { from: 'Currency' },
      time: { from: 'Date', timeFrom: 'Time', format: 'MM/dd/yyyy', zoneFrom: 'TimeZone', ...(zones ? { zones } : {}) },
    },
  });
  const bill = (rows: string[]) => utf8(['"Date","Time","TimeZone","Name","Type","Status","Currency","Gross","Fee","Net","Transaction ID"', ...rows].join('\r\n') + '\r\n');
  const row = (date: string, time: string, zone: string, gross: string, id: string) => `"${date}","${time}","${zone}","Buyer","Payment","Completed","USD","${gross}","-0.50","0","${id}"`;

  it('reads abbreviations, offsets and declared meanings per row, and files each row in the channel zone\'s month', () => {
    saveChannel(t.ws.db, { id: 'paypal', name: 'PayPal', timeZone: 'America/Los_Angeles', currency: 'USD' });
    importWith(paypal({ CST: 'America/Chicago' }), bill([
      row('09/30/2026', '20:00:00', 'PDT', '10.00', 'P1'),
      row('10/01/2026', '09:00:00', 'UTC+8', '11.00', 'P2'),
      row('10/05/2026', '12:00:00', '-05:00', '12.00', 'P3'),
      row('11/15/2026', '10:00:00', 'PST', '13.00', 'P4'),
      row('11/20/2026', '08:00:00', 'CST', '14.00', 'P5'),
      row('10/10/2026', '12:00:00', '', '15.00', 'P6'),
    ]), 'Download.CSV');
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.occurred_at, r.period])).toEqual([
      ['P1', at('2026-10-01T03:00:00Z'), '2026-09'],
      ['P2', at('2026-10-01T01:00:00Z'), '2026-09'],
      ['P3', at('2026-10-05T17:00:00Z'), '2026-10'],
      ['P4', at('2026-11-15T18:00:00Z'), '2026-11'],
      ['P5', at('2026-11-20T14:00:00Z'), '2026-11'],
      ['P6', at('2026-10-10T19:00:00Z'), '2026-10'],
    ]);
  });

  it('applies a zone column to sniffed times too, leaving a time written with its own offset as written', () => {
    const p = testProfile({ id: 'zoned', detect: { headers: ['流水号', '金额(元)', '时间', '时区'] }, fields: { time: { from: '时间', zoneFrom: '时区' } } });
    importWith(p, utf8('流水号,订单号,金额(元),时间,时区,备注\nZ1,O1,1.00,2026-09-01 10:00:00,PDT,\nZ2,O2,1.00,2026-09-01T10:00:00+08:00,PDT,\nZ3,O3,1.00,2026-09-01 10:00:00,Asia/Tokyo,\n'), 'zoned.csv');
    expect(records(t.ws.db).map((r) => r.occurred_at)).toEqual([at('2026-09-01T17:00:00Z'), at('2026-09-01T02:00:00Z'), at('2026-09-01T01:00:00Z')]);
  });

  it('refuses an ambiguous abbreviation the profile does not declare, naming the row', () => {
    saveChannel(t.ws.db, { id: 'paypal', name: 'PayPal', timeZone: 'America/Los_Angeles', currency: 'USD' });
    const e = refused(paypal(), bill([row('11/15/2026', '10:00:00', 'PST', '13.00', 'P4'), row('11/20/2026', '08:00:00', 'CST', '14.00', 'P5')]), 'Download.CSV');
    expect(e.zh).toContain('第 3 行“TimeZone”列的值“CST”无法读取：不认识的时区：ambiguous zone abbreviation');
    expect(e.en).toContain('declare it in time.zones');
  });
});

describe('computed fields', () => {
  const fenBill = (rows: string[]) => gbk(['交易流水号,商户订单号,交易类型,计费金额(分),应结金额(分),交易时间', ...rows].join('\r\n') + '\r\n');
  const fenProfile = (compute = '[计费金额(分)] - [应结金额(分)]'): ProfileInput => ({
    id: 'fen-bill', name: '分账单', side: 'channel', channelId: 'bank',
    detect: { headers: ['交易流水号', '计费金额(分)', '应结金额(分)'] },
    read: { encoding: 'gb18030' },
    fields: {
      channelTxnId: { from: '交易流水号' }, orderId: { from: '商户订单号' },
      kind: { from: '交易类型', map: { 消费: 'payment', 退货: 'refund' } },
      amount: { from: '计费金额(分)', unit: 'fen' },
      fee: { compute, unit: 'fen' },
      time: { from: '交易时间' },
    },
  });

  it('computes the fee a GBK fen bill does not print (计费金额 − 应结金额) in integer fen', () => {
    const s = importWith(fenProfile(), fenBill(['F1,O1,消费,10000,9940,2026-09-01 10:00:00', 'F2,O2,消费,333,331,2026-09-02 10:00:00', 'F3,O1,退货,5000,4970,2026-09-03 10:00:00']), 'fen.csv');
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.fee_minor])).toEqual([['payment', 10000, 60], ['payment', 333, 2], ['refund', 5000, 30]]);
    expect(s.totals[0]).toMatchObject({ grossMinor: 10333, refundsMinor: 5000, feesMinor: 32 });
  });

  it('names the row and both inputs when a fee cannot be computed', () => {
    const e = refused(fenProfile(), fenBill(['F1,O1,消费,10000,9940,2026-09-01 10:00:00', 'F2,O2,消费,100,abc,2026-09-02 10:00:00']), 'fen.csv');
    expect(e.key).toBe('import.bad_value');
    expect(e.zh).toContain('第 3 行“fee = [计费金额(分)] - [应结金额(分)]”列的值“计费金额(分)=100，应结金额(分)=abc”无法读取：无法计算：应结金额(分)：不是数字');
    expect(e.en).toContain('cannot be computed: 应结金额(分): not a number');
  });

  it('computes a fee from a rate column, rounding half-up to fen; unrounded results are refused unless rounding is declared', () => {
    const rate = (rounding?: 'half-up'): ProfileInput => testProfile({
      id: 'rate-fee', detect: { headers: ['流水号', '金额(元)', '费率'] },
      fields: { fee: { compute: '[金额(元)] × [费率]', numbers: ['费率'], ...(rounding ? { rounding } : {}) } },
    });
    const bill = utf8('流水号,订单号,金额(元),费率,时间,备注\nR1,O1,123.45,0.60%,2026-09-01 10:00:00,\nR2,O2,7.50,0.6%,2026-09-01 11:00:00,\nR3,O3,100.00,0.006,2026-09-01 12:00:00,\n');
    const e = refused(rate(), bill, 'rate.csv');
    expect(e.zh).toContain('第 2 行');
    expect(e.zh).toContain('结果不是整分');
    t.ws.db.prepare('DELETE FROM profiles').run();
    importWith(rate('half-up'), bill, 'rate.csv');
    // 123.45 × 0.6% = 0.74070 → 0.74; 7.50 × 0.6% = 0.045 → 0.05 (half-up); 100.00 × 0.006 = 0.60.
    expect(records(t.ws.db).map((r) => r.fee_minor)).toEqual([74, 5, 60]);
  });

  it('refuses, when the profile is added, an expression that is not one or does not give an amount', () => {
    const bad = (compute: string) => userError(() => addProfile(t.ws.db, fenProfile(compute)));
    expect(bad('[计费金额(分)] * [应结金额(分)]').en).toContain('key fields.fee.compute: the result must be an amount');
    expect(bad('[计费金额(分)] - ').en).toContain('key fields.fee.compute: not a valid expression: expression ends too early');
    expect(bad('计费金额 - 应结金额').en).toContain('write columns as [name]');
    const both = userError(() => addProfile(t.ws.db, { ...fenProfile(), fields: { ...fenProfile().fields, fee: { compute: '[计费金额(分)]', from: '手续费' } } }));
    expect(both.en).toContain('key fields.fee.compute: compute takes the place of from');
    const charged = userError(() => addProfile(t.ws.db, { ...fenProfile(), fields: { ...fenProfile().fields, amount: { from: '计费金额(分)', charged: 'negative' } } }));
    expect(charged.en).toContain('key fields.amount.charged: only fee has a charged convention');
  });
});

describe('signs and kinds from anywhere', () => {
  it('signs amounts by a 借/贷 indicator column and refuses an indicator it does not know', () => {
    const p = testProfile({
      id: 'dc-flag', detect: { headers: ['流水号', '借贷标志', '发生额'] },
      fields: { amount: { from: '发生额', direction: { from: '借贷标志', credit: ['贷', 'C'], debit: ['借', 'D'] } }, kind: { bySign: true } },
    });
    const head = '流水号,订单号,借贷标志,发生额,时间,备注\n';
    importWith(p, utf8(head + 'B1,O1,贷,"1,234.56",2026-09-01 10:00:00,\nB2,O2,借,200.00,2026-09-01 11:00:00,\nB3,O3,C,-5.00,2026-09-01 12:00:00,\n'), 'dc.csv');
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor])).toEqual([['payment', 123456], ['refund', 20000], ['payment', 500]]);
    const e = userError(() => importFile(t.ws.db, utf8(head + 'B4,O4,贷,1.00,2026-09-02 10:00:00,\nB5,O5,X,2.00,2026-09-02 11:00:00,\n'), 'dc2.csv', { profileId: 'dc-flag' }));
    expect(e.zh).toContain('第 3 行“借贷标志”列的值“X”无法读取：既不是收入也不是支出的标志（模板认 贷、C / 借、D）');
  });

  it('reads C/D letters glued to fen amounts (C000000012345), for the amount and the fee', () => {
    const p = testProfile({
      id: 'glued', detect: { headers: ['流水号', '交易金额', '商户手续费'] },
      fields: {
        amount: { from: '交易金额', unit: 'fen', direction: { credit: ['C'], debit: ['D'] } }, kind: { bySign: true },
        fee: { from: '商户手续费', unit: 'fen', direction: { credit: ['C'], debit: ['D'] }, charged: 'negative' },
      },
    });
    const head = '流水号,订单号,交易金额,商户手续费,时间,备注\n';
    importWith(p, utf8(head + 'G1,O1,C000000012345,D000000000074,2026-09-01 10:00:00,\nG2,O2,D000000000123,C000000000001,2026-09-01 11:00:00,\n'), 'glued.csv');
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.fee_minor])).toEqual([['payment', 12345, 74], ['refund', 123, 1]]);
    const e = userError(() => importFile(t.ws.db, utf8(head + 'G3,O3,000000000500,D000000000001,2026-09-02 10:00:00,\n'), 'glued2.csv', { profileId: 'glued' }));
    expect(e.zh).toContain('“交易金额”列的值“000000000500”无法读取：数字前没有表示收支方向的字母（C / D）');
  });

  it('reads (12.00), (¥12.00) and currency codes before or after the number, and refuses another currency', () => {
    const p = testProfile({ id: 'marks', channelId: 'stripe' });
    const head = '流水号,订单号,金额(元),时间,备注\n';
    importWith(p, utf8(head + 'M1,O1,(12.00),2026-09-01 10:00:00,\nM2,O2,"(¥12.50)",2026-09-01 10:00:00,\nM3,O3,USD 1.25,2026-09-01 10:00:00,\nM4,O4,"1,000.00 USD",2026-09-01 10:00:00,\nM5,O5,$7.00,2026-09-01 10:00:00,\n'), 'marks.csv');
    expect(records(t.ws.db).map((r) => [r.kind, r.amount_minor, r.currency])).toEqual([
      ['refund', 1200, 'USD'], ['refund', 1250, 'USD'], ['payment', 125, 'USD'], ['payment', 100000, 'USD'], ['payment', 700, 'USD'],
    ]);
    const e = userError(() => importFile(t.ws.db, utf8(head + 'M6,O6,12.00 EUR,2026-09-02 10:00:00,\n'), 'eur.csv', { profileId: 'marks' }));
    expect(e.zh).toContain('“金额(元)”列的值“12.00 EUR”无法读取：金额写的是 EUR，但这一行的币种是 USD');
  });

  it('keeps a fee charged on a refund a charge, whichever sign convention the bill writes fees in', () => {
    const bill = (id: string, charged: string, returned: string, chargedOnRefund: string) => utf8('流水号,订单号,金额(元),手续费,时间,备注\n'
      + `${id}1,O1,100.00,${charged},2026-09-01 10:00:00,\n${id}2,O1,-40.00,${returned},2026-09-02 10:00:00,\n${id}3,O2,-10.00,${chargedOnRefund},2026-09-03 10:00:00,\n`);
    const p = (id: string, charged: 'positive' | 'negative') => testProfile({ id, detect: { headers: ['流水号', '金额(元)', '手续费'] }, fields: { fee: { from: '手续费', charged } } });
    const alipayStyle = importWith(p('fees-negative', 'negative'), bill('A', '-0.60', '0.24', '-0.10'), 'a.csv');
    const wechatStyle = importWith(p('fees-positive', 'positive'), bill('W', '0.60', '-0.24', '0.10'), 'w.csv');
    // 0.60 charged + 0.10 charged on the refund − 0.24 returned = 0.46, in both conventions.
    expect(alipayStyle.totals[0]!.feesMinor).toBe(46);
    expect(wechatStyle.totals[0]!.feesMinor).toBe(46);
    expect(records(t.ws.db).map((r) => r.fee_minor)).toEqual([60, 24, -10, 60, 24, -10]);
  });

  it('takes kinds from two columns at once and names both when no rule fits', () => {
    const p = testProfile({
      id: 'two-columns', detect: { headers: ['流水号', '收/支', '交易类型'] },
      fields: { amount: { from: '金额(元)' }, kind: { rules: [{ when: { '收/支': '收入', 交易类型: ['交易', '转账'] }, kind: 'payment' }, { when: { '收/支': '支出', 交易类型: '退款' }, kind: 'refund' }] } },
      filters: [{ column: '交易类型', drop: ['提现'] }],
    });
    const head = '流水号,订单号,收/支,交易类型,金额(元),时间,备注\n';
    const s = importWith(p, utf8(head + 'K1,O1,收入,交易,10.00,2026-09-01 10:00:00,\nK2,O1,支出,退款,4.00,2026-09-01 11:00:00,\nK3,,支出,提现,100.00,2026-09-01 12:00:00,\nK4,O2,收入,转账,2.00,2026-09-01 13:00:00,\n'), 'kinds.csv');
    expect(records(t.ws.db).map((r) => [r.channel_txn_id, r.kind, r.amount_minor])).toEqual([['K1', 'payment', 1000], ['K2', 'refund', 400], ['K4', 'payment', 200]]);
    expect(s.filteredByReason).toEqual({ '交易类型=提现': 1 });
    const e = userError(() => importFile(t.ws.db, utf8(head + 'K5,O3,收入,退款,1.00,2026-09-02 10:00:00,\n'), 'kinds2.csv', { profileId: 'two-columns' }));
    expect(e.zh).toContain('第 2 行“收/支+交易类型”列的值“收入+退款”无法读取：没有一条类型规则与这些值相符');
  });
});
