import { mkdtempSync, statSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';

let dir: string | undefined;
afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {}).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

describe('recondesk demo', () => {
  it('builds a reconciled workspace from the built-in sample month and says what it did', async () => {
    dir = mkdtempSync(join(tmpdir(), 'recondesk-demo-'));
    const ws = join(dir, 'demo.sqlite');
    const first = await run(['demo', '--workspace', ws, '--lang', 'en']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Demo workspace ready');
    const report = await run(['report', '--period', '2026-09', '--channel', 'alipay', '--json', '--workspace', ws]);
    const json = JSON.parse(report.out) as { channels: { agreed: number; disputed: number; net: number }[] };
    expect(json.channels[0]).toMatchObject({ net: 63438692, agreed: 63026297, disputed: 412395 });
    // Running the demo again never deletes the workspace silently: refused, the file untouched, unless --force.
    const size = statSync(ws).size;
    const refused = await run(['demo', '--workspace', ws]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--force');
    expect(statSync(ws).size).toBe(size);
    const again = await run(['demo', '--workspace', ws, '--force']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('已删除原演示工作区');
  }, 120_000);

  it('never replaces a workspace it did not make', async () => {
    dir = mkdtempSync(join(tmpdir(), 'recondesk-demo-'));
    const ws = join(dir, 'mine.sqlite');
    writeFileSync(ws, 'precious');
    const r = await run(['demo', '--workspace', ws]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('不是演示工作区');
  });
});
