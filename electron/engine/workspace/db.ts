import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, existsSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ioFailure, readOnlyWorkspace, UserError } from '../errors';
import { MIGRATIONS } from './migrations';

export type DB = Database.Database;

// URI file names let a workspace on a read-only disk be read as immutable (readOnlyDiskUri). better-
// sqlite3 reads this once, when its native addon loads at the first open; workspace paths are made
// absolute before they reach SQLite, so a file that happens to be named "file:…" is never read as a URI.
process.env.SQLITE_USE_URI ??= '1';

export interface Workspace {
  db: DB;
  path: string;
}

export interface OpenOptions {
  /**
   * May create the file when it does not exist yet: only for a new workspace (`init`, the app's "new
   * workspace"). Default false, so a mistyped path is refused instead of becoming an empty workspace.
   */
  create?: boolean;
  /** Reading only: works on a read-only file or folder, and never writes (not even a schema upgrade). */
  readonly?: boolean;
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** SQLite's busy timeout: a write waits this long for another connection's write lock before it fails. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a workspace file with the durability settings the product depends on, checks it, and brings
 * its schema up to date. Every path into the database goes through here. Only a file that does not
 * exist yet is ever made into a workspace (`create`); an existing file must already be one.
 */
export function openWorkspace(path: string, options: OpenOptions = {}): Workspace {
  const readonly = options.readonly ?? false;
  const creating = (options.create ?? false) && !readonly && !existsSync(path);
  if (!creating) refuseNonWorkspaceFile(path);
  if (!readonly && !creating) refuseReadOnly(path);
  const ws = openChecked(path, readonly, creating);
  if (!readonly || schemaVersion(ws.db) >= LATEST_SCHEMA_VERSION) return ws;
  // Written by an older ReconDesk: upgrade it once (which needs to write), then read as asked.
  ws.db.close();
  try {
    openChecked(path, false, false).db.close();
  } catch (e) {
    const io = ioFailure(e, { workspace: path });
    if (io?.key !== 'workspace.read_only') throw e;
    throw new UserError(
      'workspace.read_only_outdated',
      `工作区 ${path} 由旧版 ReconDesk 写入，需要升级一次结构才能读取，但它是只读的。请把它复制到可写的位置（或改为可写）后再打开。`,
      `Workspace ${path} was written by an older ReconDesk and needs a one-time upgrade before it can be read, but it is read-only. Copy it somewhere writable (or make it writable) and open it again.`,
      { path },
    );
  }
  return openChecked(path, true, false);
}

/** A new workspace at `path`, which must not exist yet. */
export function createWorkspace(path: string): Workspace {
  if (existsSync(path)) {
    throw new UserError('workspace.exists', `文件已存在：${path}`, `File already exists: ${path}`, { path });
  }
  return openWorkspace(path, { create: true });
}

/** A missing, empty or non-regular file is named and refused before SQLite could make it a database. */
function refuseNonWorkspaceFile(path: string): void {
  if (!existsSync(path)) {
    throw new UserError(
      'workspace.not_found',
      `工作区文件不存在：${path}。请检查路径；新建工作区请用 recondesk init ${path}（或界面中的“新建工作区”）。`,
      `Workspace file not found: ${path}. Check the path; to create a new workspace use recondesk init ${path} (or New Workspace in the app).`,
      { path },
    );
  }
  const stat = statSync(path);
  if (!stat.isFile()) {
    throw new UserError('workspace.not_a_workspace', `这不是 ReconDesk 工作区：${path} 不是文件。`, `This is not a ReconDesk workspace: ${path} is not a file.`, { path });
  }
  if (stat.size === 0) {
    throw new UserError(
      'workspace.empty',
      `工作区文件是空的（0 字节）：${path}。它不是 ReconDesk 工作区，可能是复制或下载没有完成。未做任何改动。请从备份恢复；如要新建，请删除它后用 recondesk init。`,
      `The workspace file is empty (0 bytes): ${path}. It is not a ReconDesk workspace; a copy or download may not have finished. Nothing was changed. Restore it from a backup, or delete it and create a new one with recondesk init.`,
      { path },
    );
  }
}

const READ_ONLY_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * True when the file cannot be opened for writing. Tried for real rather than with access(), which
 * answers yes to root and on some read-only bind mounts; opening for writing changes nothing.
 */
function fileIsReadOnly(path: string): boolean {
  try {
    closeSync(openSync(path, 'r+'));
    return false;
  } catch (e) {
    if (READ_ONLY_CODES.has(String((e as NodeJS.ErrnoException).code))) return true;
    throw e;
  }
}

/** A command that writes learns up front that it cannot, instead of half way. */
function refuseReadOnly(path: string): void {
  let folderReadOnly = false;
  try {
    // SQLite creates the -wal and -shm files beside the workspace.
    accessSync(dirname(path), constants.W_OK);
  } catch (e) {
    if (!READ_ONLY_CODES.has(String((e as NodeJS.ErrnoException).code))) throw e;
    folderReadOnly = true;
  }
  if (folderReadOnly || fileIsReadOnly(path)) throw readOnlyWorkspace(path);
}

/**
 * SQLite reads a WAL workspace through a shared-memory file beside it (-shm), which it must be able to
 * create. On a read-only disk or folder it cannot, and a plain read-only open fails. When the file
 * cannot be written and no -wal file is there, every committed write is in the workspace file itself
 * and nobody can be writing it through this path, so it is read as immutable. undefined when that
 * does not apply.
 */
function readOnlyDiskUri(path: string): string | undefined {
  if (existsSync(`${path}-wal`) || existsSync(`${path}-shm`) || !fileIsReadOnly(path)) return undefined;
  return `${pathToFileURL(resolve(path)).href}?immutable=1`;
}

function openChecked(path: string, readonly: boolean, creating: boolean): Workspace {
  try {
    return openConfigured(resolve(path), path, readonly, creating);
  } catch (e) {
    const uri = readonly ? readOnlyDiskUri(path) : undefined;
    if (!uri || !String((e as { code?: unknown }).code).startsWith('SQLITE_CANTOPEN')) throw e;
    return openConfigured(uri, path, true, false);
  }
}

/** `file`: what SQLite opens (an absolute path or a URI); `path`: the workspace as the user named it. */
function openConfigured(file: string, path: string, readonly: boolean, creating: boolean): Workspace {
  let db: DB;
  try {
    db = new Database(file, { readonly, fileMustExist: !creating, timeout: BUSY_TIMEOUT_MS });
  } catch (e) {
    const io = ioFailure(e, { workspace: path });
    if (io) throw io;
    throw new UserError('workspace.cannot_open', `无法打开工作区 ${path}：${(e as Error).message}`, `Cannot open workspace ${path}: ${(e as Error).message}`, { path });
  }
  try {
    configure(db, readonly);
    if (!creating && schemaVersion(db) === 0) {
      throw new UserError('workspace.not_a_workspace', `这不是 ReconDesk 工作区：${path} 是一个其他用途的 SQLite 数据库。未做任何改动。`, `This is not a ReconDesk workspace: ${path} is an SQLite database of something else. Nothing was changed.`, { path });
    }
    if (!readonly) migrate(db, path);
    return { db, path };
  } catch (e) {
    db.close();
    throw e;
  }
}

function configure(db: DB, readonly: boolean): void {
  let header: unknown;
  try {
    header = db.pragma('quick_check', { simple: true });
  } catch (e) {
    // A lock, a full disk or a read-only folder is not damage: those are said in their own words.
    const code = String((e as { code?: unknown }).code);
    if (!code.startsWith('SQLITE_NOTADB') && !code.startsWith('SQLITE_CORRUPT')) throw e;
    throw new UserError('workspace.not_a_workspace', `这不是 ReconDesk 工作区，或文件已损坏：${(e as Error).message}`, `This is not a ReconDesk workspace, or the file is damaged: ${(e as Error).message}`);
  }
  if (header !== 'ok') {
    throw new UserError('workspace.corrupt', `工作区完整性检查失败（${String(header)}）。请从备份恢复。`, `Workspace integrity check failed (${String(header)}). Restore it from a backup.`);
  }
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // better-sqlite3 reopens WAL databases at synchronous=NORMAL; a committed import must survive a
    // power cut, so FULL is set on every open and read back.
    db.pragma('synchronous = FULL');
    const sync = db.pragma('synchronous', { simple: true });
    const mode = db.pragma('journal_mode', { simple: true });
    if (sync !== 2 || mode !== 'wal') {
      throw new Error(`workspace durability settings not applied (journal_mode=${String(mode)}, synchronous=${String(sync)})`);
    }
  }
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
  if (db.pragma('foreign_keys', { simple: true }) !== 1) throw new Error('foreign keys could not be enabled');
}

export function schemaVersion(db: DB): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function migrate(db: DB, path: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) {
    throw new UserError(
      'workspace.too_new',
      `工作区 ${path} 由更新版本的 ReconDesk 创建（结构版本 ${current}，本程序支持到 ${LATEST_SCHEMA_VERSION}）。请升级 ReconDesk 后再打开。`,
      `Workspace ${path} was written by a newer ReconDesk (schema ${current}; this version knows up to ${LATEST_SCHEMA_VERSION}). Upgrade ReconDesk to open it.`,
      { current, supported: LATEST_SCHEMA_VERSION },
    );
  }
  // Every migration not recorded yet, in order, not only those above the highest recorded one: the
  // numbers were handed out to work done side by side, so a workspace may hold 9 and still lack 5.
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/**
 * A longer wait for the write lock than SQLite's busy timeout, for an unattended job (the daily run):
 * when another job holds the workspace, `onWait` is told and the write waits up to `maxMs` in all
 * before it fails with SQLITE_BUSY, instead of dying half way after five seconds.
 */
export interface LockWait {
  maxMs: number;
  onWait: () => void;
}

const lockWaits = new WeakMap<DB, LockWait>();

/** Sets (or with undefined, clears) the connection's longer wait for the write lock. */
export function setLockWait(db: DB, wait: LockWait | undefined): void {
  if (wait) lockWaits.set(db, wait);
  else lockWaits.delete(db);
}

function isBusy(e: unknown): boolean {
  return String((e as { code?: unknown }).code).startsWith('SQLITE_BUSY');
}

/** Runs `fn` as one write transaction that takes the write lock up front (one writer at a time). */
export function writeTransaction<T>(db: DB, fn: () => T): T {
  const wait = lockWaits.get(db);
  if (!wait || db.inTransaction) return db.transaction(fn).immediate();
  // BEGIN IMMEDIATE is the only statement that waits for the lock: once fn runs, the lock is held,
  // so only a failure before fn started is retried.
  let started = false;
  const transaction = db.transaction(() => {
    started = true;
    return fn();
  });
  try {
    return transaction.immediate();
  } catch (e) {
    if (started || !isBusy(e)) throw e;
  }
  wait.onWait();
  // The busy timeout already waited BUSY_TIMEOUT_MS of maxMs.
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(wait.maxMs - BUSY_TIMEOUT_MS))}`);
  try {
    return transaction.immediate();
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

export function getSetting(db: DB, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * Copies committed pages from the WAL back into the workspace file. A big import commits without
 * doing this (pipeline.ts), so its summary is not held up by it; the front doors call this once the
 * user has the result. PASSIVE: it never waits for readers, and what it cannot copy now is copied
 * by the next checkpoint or when the workspace is closed.
 */
export function checkpointWorkspace(db: DB): void {
  if (db.open && !db.readonly && !db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
}
