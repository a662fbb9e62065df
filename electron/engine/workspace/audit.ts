import { createHash } from 'node:crypto';
import { userInfo } from 'node:os';
import type { AuditChainCheck, AuditEntryView } from '../../../shared/contract/workspace';
import type { DB } from './db';
import { getSetting } from './db';

export interface AuditEntry {
  action: string;
  channelId?: string | null;
  period?: string | null;
  subject?: string | null;
  before?: unknown;
  after?: unknown;
}

export type AuditRow = AuditEntryView;

/**
 * The operator recorded in the audit log: RECONDESK_OPERATOR of this process (a person at a shared
 * terminal names themselves per command), else the configured name, else the OS user.
 */
export function currentOperator(db: DB): string {
  const fromProcess = process.env.RECONDESK_OPERATOR?.trim();
  if (fromProcess) return fromProcess;
  const configured = getSetting(db, 'operator');
  if (configured) return configured;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Appends one entry. Each entry's hash covers the previous hash, so an edit to history made outside
 * the app (the table itself refuses UPDATE/DELETE) breaks the chain and `verifyAuditChain` finds it.
 * Call inside the transaction of the change it describes.
 */
export function appendAudit(db: DB, entry: AuditEntry): void {
  const prev = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prevHash = prev?.hash ?? '';
  const at = new Date().toISOString();
  const who = currentOperator(db);
  const before = entry.before === undefined ? null : JSON.stringify(entry.before);
  const after = entry.after === undefined ? null : JSON.stringify(entry.after);
  const hash = chainHash(prevHash, [at, who, entry.action, entry.channelId ?? '', entry.period ?? '', entry.subject ?? '', before ?? '', after ?? '']);
  db.prepare(
    'INSERT INTO audit_log (at, who, action, channel_id, period, subject, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(at, who, entry.action, entry.channelId ?? null, entry.period ?? null, entry.subject ?? null, before, after, prevHash, hash);
}

function chainHash(prevHash: string, fields: string[]): string {
  return createHash('sha256').update(prevHash).update('\u0000').update(fields.join('\u0000')).digest('hex');
}

/** Returns the id of the first entry whose hash does not verify, or null when the chain is intact. */
export function verifyAuditChain(db: DB): number | null {
  return checkAuditChain(db).brokenAt?.id ?? null;
}

/**
 * Recomputes the whole chain. An entry edited outside the app fails its own hash; an entry deleted makes
 * the next one's prev_hash point at nothing; either way the first entry that does not verify is named.
 */
export function checkAuditChain(db: DB): AuditChainCheck {
  let prevHash = '';
  let entries = 0;
  let head: AuditChainCheck['head'] = null;
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<Record<string, string | number | null>>;
  for (const r of rows) {
    const expected = chainHash(prevHash, [r.at, r.who, r.action, r.channel_id ?? '', r.period ?? '', r.subject ?? '', r.before ?? '', r.after ?? ''].map(String));
    if (r.prev_hash !== prevHash || r.hash !== expected) {
      return { intact: false, entries, head, brokenAt: { id: Number(r.id), at: String(r.at), who: String(r.who), action: String(r.action) } };
    }
    prevHash = String(r.hash);
    head = { id: Number(r.id), hash: prevHash };
    entries++;
  }
  return { intact: true, entries, head, brokenAt: null };
}

/** The latest entry: a statement prints it so that the printed copy pins the history up to its export. */
export function auditHead(db: DB): { id: number; hash: string } | null {
  const r = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
  return r ?? null;
}

export interface AuditQuery {
  channelId?: string;
  period?: string;
  action?: string;
  who?: string;
  limit?: number;
  offset?: number;
}

export function listAudit(db: DB, q: AuditQuery = {}): AuditRow[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (q.channelId) { where.push('channel_id = ?'); args.push(q.channelId); }
  if (q.period) { where.push('period = ?'); args.push(q.period); }
  if (q.action) { where.push('action = ?'); args.push(q.action); }
  if (q.who) { where.push('who = ?'); args.push(q.who); }
  const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ? OFFSET ?`;
  args.push(q.limit ?? 200, q.offset ?? 0);
  return (db.prepare(sql).all(...args) as Record<string, string | number | null>[]).map((r) => ({
    id: Number(r.id),
    at: String(r.at),
    who: String(r.who),
    action: String(r.action),
    channelId: r.channel_id === null ? null : String(r.channel_id),
    period: r.period === null ? null : String(r.period),
    subject: r.subject === null ? null : String(r.subject),
    before: r.before === null ? null : JSON.parse(String(r.before)),
    after: r.after === null ? null : JSON.parse(String(r.after)),
  }));
}
