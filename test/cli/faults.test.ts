// What the CLI says when the machine fails it: a missing or empty workspace file, a read-only
// workspace, a lock held by another job, a full disk, a read-only disk, a permission refused — each in
// its own words (what happened, what was kept, what to do) instead of 内部错误 and the driver's text.
// The failures are produced for real: a read-only bind mount and a tiny tmpfs where this machine lets
// the test mount them (root), a second process for permissions when the test runs as root (who is
// never refused by chmod), and SQLite's own page limit for a full workspace anywhere.
import Database from 'better-sqlite3';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';
import { saveChannel } from '../../electron/engine/channels';
import { toErrorPayload } from '../../electron/engine/errors';
import { importFile } from '../../electron/engine/import/pipeline';
import { openWorkspace } from '../../electron/engine/workspace/db';
import type { UserErrorPayload } from '../../shared/errors';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/recondesk.js');
const ALIPAY_SEPTEMBER = join(ROOT, 'demo/samples/20881234567890120156_202609.csv.zip');
const isRoot = process.getuid?.() === 0;

/** Whether this machine lets the test mount file systems (root, outside a locked-down container). */
function mountingAllowed(): boolean {
  if (!isRoot) return false;
  const probe = mkdtempSync(join(tmpdir(), 'recondesk-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const canMount = mountingAllowed();

let dir: string;
let ws: string;
const mounts: string[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recondesk-faults-'));
  ws = join(dir, 'ws.sqlite');
});
afterEach(() => {
  for (const m of mounts.splice(0).reverse()) spawnSync('umount', [m]);
  // Write permission back (a test may have taken it away), so the folder can be removed.
  chmodSync(dir, 0o777);
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The error a command printed with --json, both languages in it. */
async function cliError(...argv: string[]): Promise<UserErrorPayload> {
  const r = await cli(...argv, '--json');
  expect(r.code, r.err).toBeGreaterThan(0);
  const error = (JSON.parse(r.out.slice(r.out.lastIndexOf('{"error"'))) as { error: UserErrorPayload }).error;
  expect(error.type, r.err).toBe('user');
  return error;
}

async function initWithAlipay(): Promise<void> {
  expect((await cli('init', ws)).code).toBe(0);
  expect((await cli('--workspace', ws, 'channel', 'add', 'alipay', '--name', '支付宝', '--alias', '支付宝')).code).toBe(0);
}

/** Mounts a folder over itself read-only. */
function mountReadOnly(path: string): void {
  execFileSync('mount', ['--bind', path, path], { stdio: 'ignore' });
  mounts.push(path);
  execFileSync('mount', ['-o', 'remount,ro,bind', path], { stdio: 'ignore' });
}

/** The folder of the workspace made read-only: a read-only mount, or for a user other than root, permissions. */
function makeReadOnly(folder: string): void {
  if (canMount) return mountReadOnly(folder);
  chmodSync(ws, 0o444);
  chmodSync(folder, 0o555);
}

/** A tmpfs of `size` at `path`. */
function mountTiny(path: string, size: string): void {
  mkdirSync(path, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'ignore' });
  mounts.push(path);
}

/** Fills the file system of `folder` to the last block, then frees `leave` bytes again. */
function fill(folder: string, leave = 0): void {
  const filler = join(folder, 'filler');
  for (let size = 64 * 1024; size >= 1; size = Math.floor(size / 2)) {
    const chunk = Buffer.alloc(size, 1);
    for (;;) {
      try {
        appendFileSync(filler, chunk);
      } catch {
        break;
      }
    }
  }
  if (leave > 0) truncateSync(filler, Math.max(0, statSync(filler).size - leave));
}

describe('global options go anywhere', () => {
  it('--lang, --workspace and --json work before the command as after it', async () => {
    const init = await cli('--lang', 'en', 'init', ws);
    expect(init.out).toBe(`Created workspace ${ws}`);
    const add = await cli('--workspace', ws, 'channel', 'add', 'alipay', '--name', '支付宝', '--alias', '支付宝');
    expect(add).toMatchObject({ code: 0, out: '渠道 alipay（支付宝）已保存' });
    const imported = await cli('--lang', 'en', '--workspace', ws, 'import', ALIPAY_SEPTEMBER);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('profile alipay-trade, channel alipay');
    const files = await cli('--json', '--lang=en', 'files', '--workspace', ws);
    expect((JSON.parse(files.out) as { fileName: string }[]).map((f) => f.fileName)).toEqual(['20881234567890120156_202609.csv.zip']);
    expect((await cli('--workspace', ws, '--lang', 'en', 'channel', 'list')).out).toContain('alipay');
  });
});

describe('only init creates a workspace', () => {
  it('refuses a mistyped path, naming it, and creates nothing', async () => {
    await initWithAlipay();
    const typo = join(dir, 'sw.sqlite');
    for (const argv of [['report', '--period', '2026-09'], ['channel', 'add', 'wechat', '--name', '微信'], ['files'], ['import', ALIPAY_SEPTEMBER]]) {
      const r = await cli(...argv, '--workspace', typo);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toContain(`工作区文件不存在：${typo}`);
      expect(r.err).toContain('recondesk init');
      expect(existsSync(typo)).toBe(false);
    }
    expect((await cli('report', '--period', '2026-09', '--workspace', typo, '--lang', 'en')).err).toContain(`Workspace file not found: ${typo}`);
  });

  it('refuses a 0-byte file and leaves it as it was; init refuses it too', async () => {
    const empty = join(dir, 'empty.sqlite');
    writeFileSync(empty, '');
    for (const argv of [['report', '--period', '2026-09'], ['channel', 'add', 'wechat', '--name', '微信'], ['status', '--period', '2026-09']]) {
      const r = await cli(...argv, '--workspace', empty);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toContain(`工作区文件是空的（0 字节）：${empty}`);
      expect(statSync(empty).size).toBe(0);
    }
    expect((await cli('init', empty)).err).toContain('文件已存在');
    expect(statSync(empty).size).toBe(0);
  });

  it('refuses an SQLite database of something else instead of adding tables to it', async () => {
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE contacts (name TEXT)');
    db.close();
    const r = await cli('files', '--workspace', other);
    expect(r.err).toContain('这不是 ReconDesk 工作区');
    const after = new Database(other, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['contacts']);
    after.close();
  });
});

describe('a read-only workspace', () => {
  it.runIf(canMount || !isRoot)('is read by the reading commands on a read-only disk or folder; a write says the workspace is read-only', async () => {
    await initWithAlipay();
    expect((await cli('import', ALIPAY_SEPTEMBER, '--workspace', ws)).code).toBe(0);
    expect((await cli('match', '--period', '2026-09', '--workspace', ws)).code).toBe(0);
    const before = readFileSync(ws);
    makeReadOnly(dir);
    for (const argv of [['files'], ['report', '--period', '2026-09'], ['status', '--period', '2026-09'], ['records', '--channel', 'alipay', '--period', '2026-09', '--limit', '1'],
      ['diffs', '--channel', 'alipay', '--period', '2026-09', '--limit', '1'], ['channel', 'list'], ['profile', 'list']]) {
      const r = await cli(...argv, '--workspace', ws);
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
      expect(r.out.length).toBeGreaterThan(0);
    }
    expect((await cli('files', '--workspace', ws)).out).toContain('20881234567890120156_202609.csv.zip');
    expect((await cli('report', '--period', '2026-09', '--workspace', ws)).out).toContain('渠道 alipay (CNY)  账期 2026-09');

    for (const argv of [['channel', 'add', 'wechat', '--name', '微信'], ['match', '--period', '2026-09'], ['import', ALIPAY_SEPTEMBER]]) {
      const error = await cliError(...argv, '--workspace', ws);
      expect(error.key, argv.join(' ')).toBe('workspace.read_only');
      expect(error.message.zh).toContain('工作区是只读的');
      expect(error.message.zh).toContain(ws);
      expect(error.message.en).toContain('The workspace is read-only');
    }
    const run = await cli('run', '--inbox', dir, '--workspace', ws);
    expect(run.code).toBe(2);
    expect(run.err).toContain('工作区是只读的');
    expect(readFileSync(ws).equals(before)).toBe(true);
  });

  it('a write through a read-only connection is SQLITE_READONLY, said in words', () => {
    const t = openWorkspace(ws, { create: true });
    t.db.close();
    const reader = openWorkspace(ws, { readonly: true });
    try {
      let thrown: unknown;
      try {
        saveChannel(reader.db, { id: 'alipay', name: '支付宝' });
      } catch (e) {
        thrown = e;
      }
      expect((thrown as { code?: string }).code).toBe('SQLITE_READONLY');
      const payload = toErrorPayload(thrown, ws) as UserErrorPayload;
      expect(payload).toMatchObject({ type: 'user', key: 'workspace.read_only' });
      expect(payload.message.zh).toMatch(/^工作区是只读的（.*），无法写入。失败的这一步没有留下任何半成品/);
      expect(payload.message.en).toContain('The workspace is read-only');
    } finally {
      reader.db.close();
    }
  });
});

describe('every I/O failure in words', () => {
  it('SQLITE_BUSY: waits for the lock first, then says another program is writing', async () => {
    await initWithAlipay();
    const holder = new Database(ws);
    holder.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    let error: UserErrorPayload;
    try {
      error = await cliError('channel', 'add', 'wechat', '--name', '微信', '--workspace', ws);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(4900);
    expect(error.key).toBe('io.workspace_busy');
    expect(error.message.zh).toContain(`工作区 ${ws}正被另一个程序写入`);
    expect(error.message.zh).toContain('失败的这一步没有留下任何半成品');
    expect(error.message.en).toContain('is being written by another program');
    expect((await cli('channel', 'list', '--workspace', ws)).out).not.toContain('wechat');
  }, 30_000);

  it('SQLITE_FULL: a workspace that cannot grow says the disk is full and keeps what it had', () => {
    const t = openWorkspace(ws, { create: true });
    try {
      saveChannel(t.db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
      // SQLite's own limit on the file's pages: the same SQLITE_FULL a full disk gives.
      t.db.pragma(`max_page_count = ${t.db.pragma('page_count', { simple: true }) as number + 8}`);
      let thrown: unknown;
      try {
        importFile(t.db, readFileSync(ALIPAY_SEPTEMBER), 'alipay.zip');
      } catch (e) {
        thrown = e;
      }
      expect((thrown as { code?: string }).code).toBe('SQLITE_FULL');
      const payload = toErrorPayload(thrown, ws) as UserErrorPayload;
      expect(payload.key).toBe('io.disk_full');
      expect(payload.message.zh).toContain(`工作区 ${ws}所在的磁盘已满`);
      expect(payload.message.en).toContain('is full');
      expect(t.db.prepare('SELECT COUNT(*) FROM source_files').pluck().get()).toBe(0);
    } finally {
      t.db.close();
    }
  });

  it.runIf(canMount)('SQLITE_FULL on a full disk: the import stops in words and the workspace is as it was', async () => {
    const disk = join(dir, 'disk');
    mountTiny(disk, '2m');
    ws = join(disk, 'ws.sqlite');
    await initWithAlipay();
    // Room to open the workspace, not to store the bill.
    fill(disk, 160 * 1024);
    const error = await cliError('import', ALIPAY_SEPTEMBER, '--workspace', ws);
    expect(error.key).toBe('io.disk_full');
    expect(error.message.zh).toContain(`工作区 ${ws}所在的磁盘已满`);
    expect(error.message.en).toContain('Free some disk space');
    rmSync(join(disk, 'filler'));
    const files = await cli('files', '--workspace', ws, '--json');
    expect(JSON.parse(files.out)).toEqual([]);
    const again = await cli('import', ALIPAY_SEPTEMBER, '--workspace', ws);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
  });

  it.runIf(canMount)('ENOSPC: an export to a full disk says the disk is full and leaves no file', async () => {
    await initWithAlipay();
    expect((await cli('import', ALIPAY_SEPTEMBER, '--workspace', ws)).code).toBe(0);
    expect((await cli('match', '--period', '2026-09', '--workspace', ws)).code).toBe(0);
    const disk = join(dir, 'disk');
    mountTiny(disk, '256k');
    fill(disk);
    const out = join(disk, 'diffs.csv');
    const error = await cliError('export', 'diffs', '--channel', 'alipay', '--period', '2026-09', '--out', out, '--workspace', ws);
    expect(error.key).toBe('io.disk_full');
    expect(error.message.zh).toMatch(/^磁盘已满，无法写入.*。失败的这一步没有留下任何半成品；此前已完成的步骤都已保存。请清理磁盘空间后再试一次。$/);
    expect(error.message.en).toMatch(/^The disk is full; could not write/);
    expect(readdirSync(disk)).toEqual(['filler']);
  });

  it.runIf(canMount)('EROFS: a daily run on an inbox on a read-only share says so and changes nothing', async () => {
    await initWithAlipay();
    const inbox = join(dir, 'share');
    mkdirSync(inbox);
    copyFileSync(ALIPAY_SEPTEMBER, join(inbox, 'alipay.csv.zip'));
    mountReadOnly(inbox);
    const r = await cli('run', '--inbox', inbox, '--settle', '0', '--workspace', ws, '--json');
    expect(r.code).toBe(2);
    const error = (JSON.parse(r.out) as { error: UserErrorPayload }).error;
    expect(error.key).toBe('io.read_only_disk');
    expect(error.message.zh).toMatch(new RegExp(`^${inbox}/.* 所在的磁盘或共享是只读的，无法写入。`));
    expect(error.message.en).toContain('is mounted read-only');
    expect(r.err).toContain('所在的磁盘或共享是只读的');
    expect(JSON.parse((await cli('files', '--workspace', ws, '--json')).out)).toEqual([]);
  });

  it('EACCES: a bill the user may not read is named, in words', async () => {
    await initWithAlipay();
    const secret = join(dir, 'secret.csv.zip');
    copyFileSync(ALIPAY_SEPTEMBER, secret);
    chmodSync(secret, 0o000);
    if (!isRoot) {
      const r = await cli('import', secret, '--workspace', ws);
      expect(r.out).toContain(`没有权限访问 ${secret}`);
      return;
    }
    // root reads any file: run the CLI as another user, who may write the workspace but not read the bill.
    chmodSync(dir, 0o777);
    chmodSync(ws, 0o666);
    const r = spawnSync(process.execPath, [BIN, 'import', secret, '--workspace', ws], { uid: 65534, gid: 65534, encoding: 'utf8', env: { ...process.env, HOME: dir } });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain(`✘ ${secret}：没有权限访问 ${secret}。`);
    expect(r.stdout).toContain('请检查该文件及其所在文件夹的权限');
  });
});
