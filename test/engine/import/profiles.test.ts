// Profiles as data: validation messages point at the wrong key, user profiles are stored, shared as
// files, and picked by auto-detection; preview shows the first rows without reading the whole file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { importFile, previewFile, PREVIEW_ROWS } from '../../../electron/engine/import/pipeline';
import { getProfile, listProfiles, saveProfile } from '../../../electron/engine/import/profiles';
import { parseProfile } from '../../../shared/profile';
import { addProfile, records, sampleWorkspace, testProfile, userError, utf8 } from './helpers';

const root = join(__dirname, '../../..');
let t: ReturnType<typeof sampleWorkspace>;
beforeEach(() => {
  t = sampleWorkspace();
});
afterEach(() => t.cleanup());

describe('profile validation', () => {
  it('names the key path that is wrong', () => {
    const bad = testProfile({ fields: { amount: { from: '金额(元)', unit: 'cents' as 'fen' } } });
    const r = parseProfile(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.path).toBe('fields.amount.unit');
    const e = userError(() => saveProfile(t.ws.db, bad, 'bad.json'));
    expect(e.key).toBe('profile.invalid');
    expect(e.zh).toContain('fields.amount.unit');
    expect(e.en).toContain('key fields.amount.unit');
  });

  it('refuses an invalid regular expression and an unknown key', () => {
    const r1 = parseProfile(testProfile({ fields: { orderId: { from: 'Description', extract: 'Order ID: (' } } }));
    expect(r1.ok || r1.path).toBe('fields.orderId.extract');
    const r2 = parseProfile({ ...testProfile(), colour: 'red' });
    expect(r2.ok).toBe(false);
  });

  it('reserves built-in ids', () => {
    expect(userError(() => saveProfile(t.ws.db, testProfile({ id: 'wechat-trade' }))).key).toBe('profile.builtin_id');
  });
});

describe('user profiles', () => {
  it('are listed after the built-ins and picked by their signature', () => {
    addProfile(t.ws.db, JSON.parse(readFileSync(join(root, 'demo/profiles/inhouse.json'), 'utf8')));
    expect(listProfiles(t.ws.db).map((p) => `${p.id}:${p.builtin}`)).toEqual(['alipay-trade:true', 'alipay-ledger:true', 'wechat-trade:true', 'wechat-trade-success:true', 'wechat-trade-refund:true', 'wechat-fundflow:true', 'stripe-balance:true', 'cmb-corporate:true', 'inhouse:false']);
    const s = importFile(t.ws.db, readFileSync(join(root, 'demo/samples/inhouse_orders_202609.csv')), 'orders.csv');
    expect(s.profileId).toBe('inhouse');
    expect(getProfile(t.ws.db, 'inhouse').builtin).toBe(false);
  });

  it('round-trip through profile export and profile add on the CLI', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recondesk-profile-'));
    try {
      const out: string[] = [];
      const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
      const env = { RECONDESK_WORKSPACE: t.path };
      t.ws.db.close();
      expect(await main(['profile', 'add', join(root, 'demo/profiles/inhouse.json')], io, env)).toBe(0);
      const file = join(dir, 'shared.json');
      expect(await main(['profile', 'export', 'inhouse', '--out', file], io, env)).toBe(0);
      const exported = JSON.parse(readFileSync(file, 'utf8'));
      expect(exported.fields.time).toEqual({ from: '支付时间', fallback: '下单时间' });
      exported.id = 'inhouse-copy';
      writeFileSync(file, JSON.stringify(exported));
      expect(await main(['profile', 'add', file], io, env)).toBe(0);
      out.length = 0;
      expect(await main(['profile', 'list', '--lang', 'en'], io, env)).toBe(0);
      expect(out.join('\n')).toMatch(/inhouse-copy\s+internal/);
      writeFileSync(file, '{"id":"x","name":"x","side":"sideways"}');
      out.length = 0;
      expect(await main(['profile', 'add', file, '--lang', 'en'], io, env)).toBe(1);
      expect(out.join('\n')).toContain('key side');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('preview', () => {
  it('shows the detected profile and the first 100 rows raw and normalised, with row errors inline', () => {
    addProfile(t.ws.db, testProfile());
    const rows = ['流水号,订单号,金额(元),时间,备注', 'T0,O0,oops,2026-09-01 10:00:00,'];
    for (let i = 1; i < 5000; i++) rows.push(`T${i},O${i},${i}.00,2026-09-01 10:00:00,`);
    const p = previewFile(t.ws.db, utf8(rows.join('\n')), 'bank.csv');
    expect(p).toMatchObject({ profileId: 'test-bill', channelId: 'bank', header: ['流水号', '订单号', '金额(元)', '时间', '备注'] });
    expect(p.rows).toHaveLength(PREVIEW_ROWS);
    expect(p.rows[0]!.outcome).toMatchObject({ type: 'error' });
    expect(p.rows[1]).toMatchObject({ rowNumber: 3, raw: ['T1', 'O1', '1.00', '2026-09-01 10:00:00', ''], outcome: { type: 'record', record: { amountMinor: 100, kind: 'payment' } } });
    expect(records(t.ws.db)).toHaveLength(0);
  });
});

describe('preview of a big text file', () => {
  it('reads only the start of the file and still shows 100 rows', () => {
    addProfile(t.ws.db, testProfile());
    const rows = ['流水号,订单号,金额(元),时间,备注'];
    for (let i = 1; i <= 150_000; i++) rows.push(`T${i},O${i},${i % 1000}.25,2026-09-01 10:00:00,备注备注`);
    const bytes = utf8(rows.join('\n'));
    expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    const p = previewFile(t.ws.db, bytes, 'big.csv');
    expect(p.rows).toHaveLength(PREVIEW_ROWS);
    expect(p.rows[99]).toMatchObject({ rowNumber: 101, outcome: { type: 'record', record: { amountMinor: 10025 } } });
  });
});

describe('progress', () => {
  it('reports read and write phases with counts', () => {
    addProfile(t.ws.db, testProfile());
    const rows = ['流水号,订单号,金额(元),时间,备注'];
    for (let i = 1; i <= 20000; i++) rows.push(`T${i},O${i},1.00,2026-09-01 10:00:00,`);
    const seen: { phase: string; done: number; total: number | null }[] = [];
    importFile(t.ws.db, utf8(rows.join('\n')), 'bank.csv', { onProgress: (p) => seen.push(p) });
    const last = seen[seen.length - 1]!;
    expect(last).toEqual({ phase: 'write', done: 20000, total: 20000 });
  });
});
