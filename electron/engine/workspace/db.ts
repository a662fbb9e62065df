import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { UserError } from '../errors';
import { MIGRATIONS } from './migrations';

export type DB = Database.Database;

export interface Workspace {
  db: DB;
  path: string;
}

export interface OpenOptions {
  /** Create the file if it does not exist (first use). Default true. */
  create?: boolean;
  readonly?: boolean;
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Opens (or creates) a workspace file with the durability settings the product depends on, checks
 * it, and brings its schema up to date. Every path into the database goes through here.
 */
export function openWorkspace(path: string, options: OpenOptions = {}): Workspace {
  const create = options.create ?? true;
  if (!create && !existsSync(path)) {
    throw new UserError('workspace.not_found', `工作区文件不存在：${path}`, `Workspace file not found: ${path}`, { path });
  }
  let db: DB;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, timeout: 5000 });
  } catch (e) {
    throw new UserError('workspace.cannot_open', `无法打开工作区 ${path}：${(e as Error).message}`, `Cannot open workspace ${path}: ${(e as Error).message}`, { path });
  }
  try {
    configure(db, options.readonly ?? false);
    if (!options.readonly) migrate(db, path);
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
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/** Runs `fn` as one write transaction that takes the write lock up front (one writer at a time). */
export function writeTransaction<T>(db: DB, fn: () => T): T {
  return db.transaction(fn).immediate();
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
