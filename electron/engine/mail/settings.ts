// The mail settings of a workspace: one SMTP server (settings `mail.smtp`), its password encrypted
// (`mail.password`, see secret.ts) and the recipient lists (table mail_recipients). Every change is
// audited; the password never is, only whether it was set or removed.
import type { z } from 'zod';
import type { MailKind, MailRecipientList, MailSecurity, MailSettingsView, mailSettingsInput } from '../../../shared/contract/mail';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { appendAudit } from '../workspace/audit';
import { getSetting, setSetting, writeTransaction, type DB } from '../workspace/db';
import { decryptSecret, encryptSecret } from './secret';

interface SmtpSetting {
  host: string;
  port: number;
  security: MailSecurity;
  user: string | null;
  from: string;
}

export interface SmtpServer extends SmtpSetting {
  password: string | null;
}

const SMTP_KEY = 'mail.smtp';
const PASSWORD_KEY = 'mail.password';

function smtpSetting(db: DB): SmtpSetting | null {
  const raw = getSetting(db, SMTP_KEY);
  return raw ? (JSON.parse(raw) as SmtpSetting) : null;
}

export function recipientLists(db: DB, kind?: MailKind): MailRecipientList[] {
  const rows = db.prepare(`SELECT kind, channel_id, address FROM mail_recipients ${kind ? 'WHERE kind = ?' : ''} ORDER BY kind, channel_id IS NOT NULL, channel_id, id`)
    .all(...(kind ? [kind] : [])) as { kind: MailKind; channel_id: string | null; address: string }[];
  const lists: MailRecipientList[] = [];
  for (const r of rows) {
    const last = lists[lists.length - 1];
    if (last && last.kind === r.kind && last.channelId === r.channel_id) last.addresses.push(r.address);
    else lists.push({ kind: r.kind, channelId: r.channel_id, addresses: [r.address] });
  }
  return lists;
}

export function mailSettings(db: DB): MailSettingsView {
  const smtp = smtpSetting(db);
  return {
    host: smtp?.host ?? null,
    port: smtp?.port ?? 465,
    security: smtp?.security ?? 'tls',
    user: smtp?.user ?? null,
    from: smtp?.from ?? null,
    passwordSet: getSetting(db, PASSWORD_KEY) !== undefined,
    recipients: recipientLists(db),
  };
}

/** The server to send through, password decrypted; refuses when mail was never set up. */
export function smtpServer(db: DB): SmtpServer {
  const smtp = smtpSetting(db);
  if (!smtp) {
    throw new UserError('mail.not_configured', '尚未设置邮件服务器：recondesk mail set --host … --port … --from …，或在“设置 → 邮件”中填写。',
      'No mail server is set up: recondesk mail set --host … --port … --from …, or Settings → Mail.');
  }
  const blob = getSetting(db, PASSWORD_KEY);
  return { ...smtp, password: blob === undefined ? null : decryptSecret(blob) };
}

export function saveMailSettings(db: DB, input: z.output<typeof mailSettingsInput>): MailSettingsView {
  const before = mailSettings(db);
  const smtp: SmtpSetting = { host: input.host, port: input.port, security: input.security, user: input.user ?? null, from: input.from };
  // Encrypt before the transaction: creating the key file is I/O that must not hold the write lock.
  const blob = typeof input.password === 'string' ? encryptSecret(input.password) : input.password;
  writeTransaction(db, () => {
    setSetting(db, SMTP_KEY, JSON.stringify(smtp));
    if (blob === null) db.prepare('DELETE FROM settings WHERE key = ?').run(PASSWORD_KEY);
    else if (blob !== undefined) setSetting(db, PASSWORD_KEY, blob);
    const { recipients: _b, ...beforeServer } = before;
    appendAudit(db, {
      action: 'mail.set', subject: 'smtp',
      before: beforeServer,
      after: { ...smtp, passwordSet: blob === undefined ? before.passwordSet : blob !== null, passwordChanged: blob !== undefined },
    });
  });
  return mailSettings(db);
}

/** Replaces one recipient list (an empty list removes it). */
export function saveRecipients(db: DB, list: MailRecipientList): MailSettingsView {
  if (list.channelId !== null) getChannel(db, list.channelId);
  const addresses = [...new Set(list.addresses.map((a) => a.trim()))];
  writeTransaction(db, () => {
    const before = recipientLists(db, list.kind).find((l) => l.channelId === list.channelId)?.addresses ?? [];
    db.prepare('DELETE FROM mail_recipients WHERE kind = ? AND channel_id IS ?').run(list.kind, list.channelId);
    const insert = db.prepare('INSERT INTO mail_recipients (kind, channel_id, address) VALUES (?, ?, ?)');
    for (const a of addresses) insert.run(list.kind, list.channelId, a);
    appendAudit(db, { action: 'mail.recipients', channelId: list.channelId, subject: list.kind, before, after: addresses });
  });
  return mailSettings(db);
}
