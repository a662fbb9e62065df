// The import CLI: each file its own all-or-nothing import, a summary per file, non-zero exit when any
// file failed, Chinese by default, --lang en, --json.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { sampleWorkspace } from './helpers';

const root = join(__dirname, '../../..');
let t: ReturnType<typeof sampleWorkspace>;
let out: string[];
let err: string[];
const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
const run = (...argv: string[]) => main(argv, io, { RECONDESK_WORKSPACE: t.path });

beforeEach(() => {
  t = sampleWorkspace();
  t.ws.db.close();
  out = [];
  err = [];
});
afterEach(() => t.cleanup());

describe('recondesk import', () => {
  it('imports each file on its own, prints a summary per file and exits 1 when one failed', async () => {
    const bad = join(t.dir, 'mystery.csv');
    writeFileSync(bad, '日期,摘要,借方,贷方\n2026-09-01,x,1.00,\n');
    const code = await run('import', join(root, 'demo/samples/wechat_tradebill_ALL_202609.csv'), bad);
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('✔ wechat_tradebill_ALL_202609.csv：模板 wechat-trade，渠道 wechat');
    expect(text).toContain('收款 915 笔，退款 28 笔');
    expect(text).toContain('wechat CNY：收款 541,543.24，退款 15,075.70，手续费 3,159.90');
    expect(text).toContain('✘');
    expect(text).toContain('无法识别文件 mystery.csv 的格式');
  });

  it('--json --lang en gives machine-readable summaries; records and files list what was stored', async () => {
    const copy = join(t.dir, 'bill.zip');
    copyFileSync(join(root, 'demo/samples/20881234567890120156_202609.csv.zip'), copy);
    expect(await run('import', copy, '--json', '--lang', 'en')).toBe(0);
    const [result] = JSON.parse(out.join('\n')) as { ok: boolean; summary: { accepted: number; payments: number; refunds: number } }[];
    expect(result).toMatchObject({ ok: true, summary: { accepted: 1118, payments: 1095, refunds: 23 } });
    out = [];
    expect(await run('records', '--channel', 'alipay', '--period', '2026-09', '--json')).toBe(0);
    const page = JSON.parse(out.join('\n')) as { total: number; rows: { kind: string }[] };
    expect(page.total).toBe(1118);
    expect(page.rows).toHaveLength(1118);
    out = [];
    expect(await run('files', '--lang', 'en')).toBe(0);
    expect(out.join('\n')).toMatch(/#1 bill\.zip\s+alipay-trade .* accepted 1118, filtered 0, already present 0, rejected 0/);
    out = [];
    expect(await run('import', copy, '--lang', 'en')).toBe(1);
    expect(out.join('\n')).toContain('was already imported on');
  });

  it('a folder of daily files is one bill: every day read, each checked against its own totals, the rest listed', async () => {
    const dir = join(t.dir, 'tradebill_202609');
    mkdirSync(dir);
    const header = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const summary = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
    const day = (d: string, rows: number) => [
      header,
      ...Array.from({ length: rows }, (_, i) => `\`2026-09-${d} 10:0${i}:00,\`wx1,\`1627859777,\`0,\`,\`42000020862026090${d}00000000${i},\`G${d}${i},\`o2RW,\`NATIVE,\`SUCCESS,\`OTHERS,\`CNY,\`10.00,\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\`,\`钻石,\`,\`0.06000,\`0.60%,\`10.00,\`0.00,\``),
      summary,
      `\`${rows},\`${(rows * 10).toFixed(2)},\`0.00,\`0.00,\`${(rows * 0.06).toFixed(5)},\`${(rows * 10).toFixed(2)},\`0.00`,
    ].join('\n');
    writeFileSync(join(dir, 'tradebill_20260901.csv'), day('01', 2));
    writeFileSync(join(dir, 'tradebill_20260902.csv'), day('02', 0));
    writeFileSync(join(dir, 'tradebill_20260903.csv'), day('03', 1));
    writeFileSync(join(dir, 'readme.txt'), 'daily bills of September');
    expect(await run('import', dir, '--lang', 'en')).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('tradebill_202609/');
    expect(text).toContain('made of 3 files');
    expect(text).toContain('"readme.txt" does not fit profile wechat-trade');
    out = [];
    // The same folder again: the same bytes, so recognised as already imported.
    expect(await run('import', dir, '--lang', 'en')).toBe(1);
    expect(out.join('\n')).toContain('already imported');
  });

  it('channel add --profile names the default profile, so the bill needs no --channel', async () => {
    const bill = join(t.dir, 'balance_history.csv');
    writeFileSync(bill, 'id,Type,Source,Amount,Fee,Net,Currency,Created (UTC),Description\ntxn_1,charge,ch_1,49.99,1.75,48.24,usd,2026-09-03 12:00,Order ID: S1\n');
    expect(await run('channel', 'add', 'stripe', '--name', 'Stripe', '--currency', 'USD', '--profile', 'stripe-balance')).toBe(0);
    expect(await run('import', bill, '--lang', 'en')).toBe(0);
    expect(out.join('\n')).toMatch(/profile stripe-balance, channel stripe/);
  });
});
