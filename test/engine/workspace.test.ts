import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveChannel } from '../../electron/engine/channels';
import { UserError } from '../../electron/engine/errors';
import { appendAudit, listAudit, verifyAuditChain } from '../../electron/engine/workspace/audit';
import { backupWorkspace } from '../../electron/engine/workspace/backup';
import { LATEST_SCHEMA_VERSION, openWorkspace } from '../../electron/engine/workspace/db';
import { tempWorkspace } from '../helpers/workspace';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('workspace', () => {
  it('reopens in WAL with synchronous=FULL, foreign keys on', () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    t.ws.db.close();
    const again = openWorkspace(t.path);
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(again.db.pragma('foreign_keys', { simple: true })).toBe(1);
    again.db.close();
  });

  it('refuses a workspace written by a newer ReconDesk, in Chinese and English', () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    t.ws.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(LATEST_SCHEMA_VERSION + 1, 'future', 'x');
    t.ws.db.close();
    let err: unknown;
    try { openWorkspace(t.path); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).key).toBe('workspace.too_new');
    expect((err as UserError).zh).toContain('升级');
    expect((err as UserError).en).toContain('newer ReconDesk');
  });

  it('refuses a file that is not a workspace', () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    const junk = join(t.dir, 'junk.sqlite');
    writeFileSync(junk, Buffer.alloc(4096, 0x41));
    expect(() => openWorkspace(junk)).toThrow(/不是 ReconDesk 工作区|damaged/);
  });

  it('keeps an append-only, hash-chained audit log with before/after', () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    saveChannel(t.ws.db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
    saveChannel(t.ws.db, { id: 'alipay', toleranceMinor: 50 });
    const log = listAudit(t.ws.db);
    expect(log.map((r) => r.action)).toEqual(['channel.update', 'channel.add']);
    expect((log[0]!.before as { toleranceMinor: number }).toleranceMinor).toBe(100);
    expect((log[0]!.after as { toleranceMinor: number }).toleranceMinor).toBe(50);
    expect(() => t.ws.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => t.ws.db.prepare("UPDATE audit_log SET who = 'x'").run()).toThrow(/append-only/);
    expect(verifyAuditChain(t.ws.db)).toBeNull();
    appendAudit(t.ws.db, { action: 'x' });
    expect(verifyAuditChain(t.ws.db)).toBeNull();
  });

  it('backs up through the backup API into a checked copy that holds the data', async () => {
    const t = tempWorkspace();
    cleanup = t.cleanup;
    saveChannel(t.ws.db, { id: 'wechat', name: '微信支付' });
    const target = join(t.dir, 'backup.sqlite');
    await backupWorkspace(t.ws.db, target);
    expect(existsSync(target)).toBe(true);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('SELECT name FROM channels').all()).toEqual([{ name: '微信支付' }]);
    copy.close();
    await expect(backupWorkspace(t.ws.db, target)).rejects.toThrow(/已存在/);
  });
});
