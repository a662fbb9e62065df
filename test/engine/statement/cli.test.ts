import * as XLSX from '@e965/xlsx';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { tempWorkspace } from '../../helpers/workspace';
import { SAMPLES, setUpChannels } from './sample-workspace';

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  setUpChannels(t.ws.db);
  t.ws.db.close();
});
afterAll(() => t.cleanup());

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--workspace', t.path], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('recondesk run / status / export', () => {
  it('runs the inbox with exit code 1 when differences exceed tolerance, 2 when the inbox is missing', async () => {
    const inbox = join(t.dir, 'inbox');
    mkdirSync(inbox);
    for (const f of ['inhouse_orders_202610.csv', 'wechat_tradebill_ALL_202610.csv']) copyFileSync(join(SAMPLES, f), join(inbox, f));
    const run = await cli('run', '--inbox', inbox, '--settle', '0', '--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out) as { files: { outcome: string }[]; reportFiles: string[] };
    expect(result.files.map((f) => f.outcome)).toEqual(['imported', 'imported']);
    expect(result.reportFiles.every((f) => existsSync(f))).toBe(true);

    const missing = await cli('run', '--inbox', join(t.dir, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('收件箱目录不存在');
  });

  it('prints the status with the manual-download channel called out', async () => {
    const s = await cli('status', '--period', '2026-10', '--lang', 'en');
    expect(s.code).toBe(0);
    expect(s.out).toMatch(/boc\*.*must be downloaded by hand/);
  });

  it('exports the statement in English and verifies it', async () => {
    const out = join(t.dir, 'wechat-en.xlsx');
    const e = await cli('export', 'statement', '--channel', 'wechat', '--period', '2026-10', '--out', out, '--lang', 'en');
    expect(e.code).toBe(0);
    expect(XLSX.read(readFileSync(out)).SheetNames).toEqual(['Summary', 'Matched', 'Differences', 'In transit']);
    const v = await cli('verify-statement', out);
    expect(v.code).toBe(0);
    const bad = await cli('export', 'diffs', '--channel', 'wechat', '--period', '2026-10', '--out', join(t.dir, 'x.csv'), '--encoding', 'latin1');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--encoding');
  });
});
