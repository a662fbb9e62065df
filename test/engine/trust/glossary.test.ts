// One vocabulary: the screens' dictionaries, the statement's sheets and the command line's output use
// the words of docs/glossary.md, never those it lists under "avoid".
import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../helpers/workspace';
import { loadSampleMonth } from '../statement/sample-workspace';
import { runCli } from './cli';

const ROOT = join(import.meta.dirname, '../../..');

interface Glossary { terms: string[]; avoid: string[] }

/** The table of docs/glossary.md: the Chinese terms, and the words to avoid. */
function readGlossary(): Glossary {
  const rows = readFileSync(join(ROOT, 'docs/glossary.md'), 'utf8').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| 中文') && !l.startsWith('|---'));
  const cells = rows.map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  return {
    terms: cells.flatMap((c) => c[0]!.split(' / ')).filter(Boolean),
    avoid: cells.flatMap((c) => (c[3] ? c[3].split(', ') : [])).filter(Boolean),
  };
}

const glossary = readGlossary();

/** Words to avoid found in a text, after taking out the glossary's own terms (双方认可金额 holds 认可金额). */
function offTerms(text: string): string[] {
  let rest = text;
  for (const t of [...glossary.terms].sort((a, b) => b.length - a.length)) rest = rest.split(t).join('\u0000');
  return glossary.avoid.filter((a) => rest.includes(a));
}

/** Every [zh, en] pair of a dictionary file (comments left out: an apostrophe there is no quote). */
function dictionary(path: string): string {
  const code = readFileSync(join(ROOT, path), 'utf8').split('\n').filter((l) => !l.trim().startsWith('//')).join('\n');
  const pairs = [...code.matchAll(/\[\s*'((?:[^'\\]|\\.)*)'\s*,\s*'((?:[^'\\]|\\.)*)'\s*\]/g)];
  if (pairs.length < 20) throw new Error(`${path}: expected a dictionary of [zh, en] pairs`);
  return pairs.map((m) => `${m[1]}\n${m[2]}`).join('\n');
}

let t: ReturnType<typeof tempWorkspace>;
beforeAll(() => {
  t = tempWorkspace();
  loadSampleMonth(t.ws.db);
  t.ws.db.close();
}, 60_000);
afterAll(() => t.cleanup());

describe('one vocabulary', () => {
  it('reads the glossary and catches a word it says to avoid', () => {
    expect(glossary.terms).toEqual(expect.arrayContaining(['对账确认单', '账期', '双方认可金额', '争议金额', '长款（渠道单边）', '跨期在途', '挂账']));
    expect(glossary.avoid).toEqual(expect.arrayContaining(['结算单', '期间', '已核对', '差异', '跨期结转']));
    expect(offTerms('导出结算单')).toEqual(['结算单']);
    expect(offTerms('双方认可金额 长款（渠道单边）')).toEqual([]);
  });

  it('screens: every string of the UI dictionaries', () => {
    for (const file of ['renderer/src/i18n.ts', 'renderer/src/i18n-workbench.ts', 'renderer/src/screens/audit/names.ts']) expect(offTerms(dictionary(file)), file).toEqual([]);
  });

  it('statement: every cell of every sheet of the exported workbook, and the printable page', async () => {
    const out = join(t.dir, 'statement.xlsx');
    expect((await runCli(t.path, 'export', 'statement', '--channel', 'alipay', '--period', '2026-10', '--out', out)).code).toBe(0);
    const book = XLSX.read(readFileSync(out));
    for (const name of book.SheetNames) {
      const text = [name, ...XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[name]!, { header: 1 }).flat().map(String)].join('\n');
      expect(offTerms(text), name).toEqual([]);
    }
    const html = join(t.dir, 'statement.html');
    expect((await runCli(t.path, 'export', 'html', '--channel', 'alipay', '--period', '2026-10', '--out', html)).code).toBe(0);
    expect(offTerms(readFileSync(html, 'utf8'))).toEqual([]);
  });

  it('command line: what report, diffs, resolve, close and help print', async () => {
    const runs = [
      await runCli(t.path, 'report', '--period', '2026-10'),
      await runCli(t.path, 'diffs', '--channel', 'alipay', '--period', '2026-10', '--status', 'resolved'),
      await runCli(t.path, 'close', '--channel', 'alipay', '--period', '2026-10', '--note', '十月'),
      await runCli(t.path, '--help'),
    ];
    for (const r of runs) expect(offTerms(`${r.out}\n${r.err}`)).toEqual([]);
  });

  it('command line: counts the non-data lines of an import by their Chinese names', async () => {
    const fresh = tempWorkspace();
    try {
      fresh.ws.db.close();
      await runCli(fresh.path, 'channel', 'add', 'wechat', '--name', '微信支付', '--alias', '微信支付');
      const imported = await runCli(fresh.path, 'import', join(ROOT, 'demo/samples/wechat_tradebill_ALL_202609.csv'));
      expect(imported.code).toBe(0);
      expect(imported.out).toMatch(/非数据行 \d+（(说明行|表头|合计行|汇总行|空行) ×\d+(，(说明行|表头|合计行|汇总行|空行) ×\d+)*）/);
      expect(imported.out).toContain('表头 ×1');
    } finally {
      fresh.cleanup();
    }
  });

  it('command line: takes Chinese category and action names and prints Chinese names', async () => {
    const list = await runCli(t.path, 'diffs', '--channel', 'alipay', '--period', '2026-10', '--category', '长款', '--status', 'open', '--json');
    const first = (JSON.parse(list.out) as { differences: { id: number; category: string }[] }).differences[0]!;
    expect(first.category).toBe('channel_only');
    const resolved = await runCli(t.path, 'resolve', String(first.id), '--as', '补单', '--note', '已补录订单');
    expect(resolved.code).toBe(0);
    expect(resolved.out).toContain(`差错 #${first.id} 已处理为 补单`);
    const bulk = await runCli(t.path, 'resolve', '--channel', 'alipay', '--period', '2026-10', '--category', '短款（系统单边）', '--as', '挂账', '--note', '下月跟进');
    expect(bulk.out).toMatch(/已将 \d+ 条差错处理为 挂账/);
    const bad = await runCli(t.path, 'resolve', String(first.id), '--as', '原谅', '--note', 'x');
    expect(bad.err).toContain('backfill/补单');
  });
});
