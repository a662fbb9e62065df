// The `recondesk` command as users start it: bin/recondesk.js runs the compiled JavaScript in dist-node/
// (built by test/build-node.ts from the current sources), with no TypeScript transform at run time.
// A module hook refuses every TypeScript file and tsx itself, in the main thread and in the engine's
// worker threads, and lists what was loaded.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'recondesk.js');

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (/\\.[cm]?tsx?$/.test(new URL(url).pathname) || url.includes('/node_modules/tsx/')) throw new Error('TypeScript loaded at run time: ' + url);
  appendFileSync(process.env.RECONDESK_LOADED_LOG, url + '\\n');
  return next(url, context);
}
`;

let dir: string;
let loadedLog: string;
let guard: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recondesk-compiled-'));
  loadedLog = join(dir, 'loaded.txt');
  writeFileSync(join(dir, 'no-ts-hooks.mjs'), HOOKS);
  writeFileSync(join(dir, 'no-ts.mjs'), `import { register } from 'node:module';\nregister('./no-ts-hooks.mjs', import.meta.url);\n`);
  guard = ['--import', pathToFileURL(join(dir, 'no-ts.mjs')).href];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of a user who set none of ReconDesk's own variables. */
function env(): NodeJS.ProcessEnv {
  const e = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RECONDESK_')));
  return { ...e, RECONDESK_LOADED_LOG: loadedLog };
}

function recondesk(args: string[]) {
  const r = spawnSync(process.execPath, [...guard, BIN, ...args], { encoding: 'utf8', cwd: dir, env: env() });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const loaded = () => readFileSync(loadedLog, 'utf8').split('\n');

describe('the compiled command line', () => {
  it('lists its commands without loading any TypeScript', () => {
    const r = recondesk(['--help', '--lang', 'en']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ReconDesk — usage: recondesk <command> [options]');
    expect(r.out).toContain('demo');
    expect(loaded().some((u) => u.endsWith('/dist-node/cli.js'))).toBe(true);
  });

  it('builds the demo workspace and reports the sample month', () => {
    const ws = join(dir, 'demo.sqlite');
    const demo = recondesk(['demo', '--workspace', ws, '--lang', 'en']);
    expect(demo.err).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.out).toContain('Demo workspace ready');
    const report = recondesk(['report', '--period', '2026-09', '--channel', 'alipay', '--json', '--workspace', ws]);
    expect(report.err).toBe('');
    expect(report.code).toBe(0);
    const json = JSON.parse(report.out) as { channels: { agreed: number; disputed: number; net: number }[] };
    expect(json.channels[0]).toMatchObject({ net: 63438692, agreed: 63026297, disputed: 412395 });
  }, 120_000);

  it('serves browser mode from the compiled engine threads', async () => {
    const ws = join(dir, 'demo.sqlite');
    const renderer = join(dir, 'renderer');
    rmSync(loadedLog, { force: true });
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ReconDesk</title>');
    const child = spawn(process.execPath, [...guard, BIN, 'serve', '--workspace', ws, '--renderer', renderer, '--lang', 'en'], {
      cwd: dir,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const closed = new Promise((done) => child.on('close', done));
    try {
      const url = await new Promise<URL>((found, fail) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(out);
          if (m) found(new URL(m[0]));
        });
        child.on('close', (code) => fail(new Error(`serve ended (${code}) before printing its URL: ${stderr}`)));
      });
      const res = await fetch(new URL('/api/command', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-recondesk-token': url.searchParams.get('token')! },
        body: JSON.stringify({ command: 'report.get', input: { period: '2026-09', channelId: 'alipay' } }),
      });
      const body = (await res.json()) as { ok: boolean; value: { channels: { agreed: number }[] } };
      expect(body.ok).toBe(true);
      expect(body.value.channels[0]!.agreed).toBe(63026297);
      expect(loaded().some((u) => u.endsWith('/dist-node/engine-worker.js'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await closed;
    }
    expect(stderr).toBe('');
  }, 120_000);
});
