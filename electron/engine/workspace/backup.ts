import { existsSync } from 'node:fs';
import { UserError } from '../errors';
import type { DB } from './db';
import { appendAudit } from './audit';

/**
 * Copies the workspace through SQLite's online backup API. Copying the file itself can miss the
 * -wal (whole tables lost) or catch a transaction half-way; this cannot. The copy is checked before
 * we call it a backup.
 */
export async function backupWorkspace(db: DB, target: string): Promise<{ path: string; pages: number }> {
  if (existsSync(target)) {
    throw new UserError('backup.exists', `备份目标已存在：${target}`, `Backup target already exists: ${target}`, { target });
  }
  const result = await db.backup(target);
  const { default: Database } = await import('better-sqlite3');
  const copy = new Database(target, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new Error(`backup integrity check failed: ${String(check)}`);
  } finally {
    copy.close();
  }
  appendAudit(db, { action: 'workspace.backup', subject: target, after: { pages: result.totalPages } });
  return { path: target, pages: result.totalPages };
}
