// Failure modes: each refusal names the problem in Chinese and English, and the workspace content is
// exactly what it was before (all-or-nothing).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/engine/import/pipeline';
import { closePeriod, reopenPeriod } from '../../../electron/engine/resolve/periods';
import { addProfile, dumpContent, sampleWorkspace, testProfile, userError, utf8 } from './helpers';

const samples = join(__dirname, '../../../demo/samples');
const wechat = readFileSync(join(samples, 'wechat_tradebill_ALL_202609.csv'));
const alipayZip = readFileSync(join(samples, '20881234567890120156_202609.csv.zip'));

let t: ReturnType<typeof sampleWorkspace>;
let before: string;
beforeEach(() => {
  t = sampleWorkspace();
  addProfile(t.ws.db, JSON.parse(readFileSync(join(__dirname, '../../../demo/profiles/inhouse.json'), 'utf8')));
  // Some content already there, so "unchanged" means more than "still empty".
  importFile(t.ws.db, readFileSync(join(samples, 'wechat_tradebill_ALL_202610.csv')), 'wechat_tradebill_ALL_202610.csv');
  before = dumpContent(t.ws.db);
});
afterEach(() => t.cleanup());

function refused(bytes: Uint8Array, name: string, options: Parameters<typeof importFile>[3] = {}) {
  const e = userError(() => importFile(t.ws.db, bytes, name, options));
  expect(dumpContent(t.ws.db)).toBe(before);
  return e;
}

describe('refused imports leave the workspace unchanged', () => {
  it('truncated file: a row cut short in the middle', () => {
    const text = wechat.toString('utf8');
    const cut = text.slice(0, text.indexOf('\r\n', 5000) - 40);
    const e = refused(utf8(cut), 'wechat_cut.csv');
    expect(e.key).toBe('import.truncated_row');
    expect(e.zh).toContain('不完整');
    expect(e.en).toContain('cut short');
    expect(e.details).toMatchObject({ file: 'wechat_cut.csv' });
  });

  it('truncated file: cut between rows, before the totals', () => {
    const text = wechat.toString('utf8');
    const e = refused(utf8(text.slice(0, text.indexOf('\r\n', 5000) + 2)), 'wechat_cut.csv');
    expect(e.key).toBe('import.totals_missing');
    expect(e.en).toContain('Download it again');
  });

  it('wrong profile: names the profile and shows the header found', () => {
    const e = refused(wechat, 'wechat.csv', { profileId: 'alipay-trade' });
    expect(e.key).toBe('import.wrong_profile');
    expect(e.zh).toContain('alipay-trade');
    expect(e.en).toContain('交易时间, 公众账号ID');
  });

  it('footer mismatch: both figures shown', () => {
    const text = wechat.toString('utf8').replace('`943,`541543.24', '`943,`541543.25');
    const e = refused(utf8(text), 'wechat_edited.csv');
    expect(e.key).toBe('import.footer_mismatch');
    expect(e.zh).toContain('文件合计 541543.25，实际读到 541543.24');
    expect(e.en).toContain('file says 541543.25, rows read give 541543.24');
  });

  it('same file twice: refused with the date it was first imported', () => {
    importFile(t.ws.db, alipayZip, 'a.zip');
    before = dumpContent(t.ws.db);
    const first = t.ws.db.prepare("SELECT imported_at FROM source_files WHERE file_name = 'a.zip'").get() as { imported_at: string };
    const e = refused(alipayZip, 'a_copy.zip');
    expect(e.key).toBe('import.already_imported');
    // Shown in the workspace's zone (Asia/Shanghai, UTC+8 all year), as a clerk reads a clock.
    const shanghai = new Date(Date.parse(first.imported_at) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(e.zh).toContain(`已于 ${shanghai} 由`);
    expect(e.en).toContain(`already imported on ${shanghai} by`);
  });

  it('unknown layout: shows the header row it found', () => {
    const e = refused(utf8('日期,摘要,借方,贷方\n2026-09-01,x,1.00,\n'), 'mystery.csv');
    expect(e.key).toBe('import.unknown_layout');
    expect(e.zh).toContain('找到的表头：日期, 摘要, 借方, 贷方');
    expect(e.en).toContain('Header found: 日期, 摘要, 借方, 贷方');
  });

  it('empty file', () => {
    const e = refused(new Uint8Array(0), 'empty.csv');
    expect(e.key).toMatch(/^import\.empty/);
    expect(e.zh).toContain('空');
    expect(e.en.toLowerCase()).toContain('empty');
  });

  it('binary garbage', () => {
    const junk = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const e = refused(junk, 'junk.csv');
    expect(e.key).toMatch(/^import\./);
    expect(e.zh.length).toBeGreaterThan(5);
    expect(e.en.length).toBeGreaterThan(5);
  });

  it('a bad amount late in the file: row, column, value and reason, nothing written', () => {
    addProfile(t.ws.db, testProfile());
    before = dumpContent(t.ws.db);
    const rows = ['流水号,订单号,金额(元),时间,备注'];
    for (let i = 1; i <= 500; i++) rows.push(`T${i},O${i},${i}.00,2026-09-01 10:00:00,`);
    rows.push('T501,O501,12.3.4,2026-09-01 10:00:00,');
    const e = refused(utf8(rows.join('\n')), 'bank.csv');
    expect(e.key).toBe('import.bad_value');
    expect(e.details).toMatchObject({ file: 'bank.csv', row: 502, column: '金额(元)', value: '12.3.4' });
    expect(e.zh).toContain('第 502 行');
    expect(e.en).toContain('row 502');
  });

  it('a bad date: row, column, value', () => {
    addProfile(t.ws.db, testProfile());
    before = dumpContent(t.ws.db);
    const e = refused(utf8('流水号,订单号,金额(元),时间,备注\nT1,O1,1.00,2026-02-30 10:00:00,\n'), 'bank.csv');
    expect(e.details).toMatchObject({ row: 2, column: '时间', value: '2026-02-30 10:00:00' });
  });

  it('rows of a closed period: refused until the period is reopened', () => {
    closePeriod(t.ws.db, 'wechat', '2026-09', null, 'agreed with the channel', { withOpen: true });
    before = dumpContent(t.ws.db);
    const e = refused(wechat, 'wechat_tradebill_ALL_202609.csv');
    expect(e.key).toBe('import.period_closed');
    expect(e.zh).toContain('已结账账期 wechat 2026-09');
    expect(e.en).toContain('Reopen that period first');
    reopenPeriod(t.ws.db, 'wechat', '2026-09', 'late bill');
    expect(importFile(t.ws.db, wechat, 'wechat_tradebill_ALL_202609.csv').accepted).toBe(943);
  });

  it('a cancelled import writes nothing', () => {
    const ac = new AbortController();
    ac.abort();
    const e = refused(alipayZip, 'a.zip', { signal: ac.signal });
    expect(e.key).toBe('import.cancelled');
  });
});
