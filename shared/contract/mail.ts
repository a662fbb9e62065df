// Mail: the SMTP server the daily run sends through, and who receives what. The password crosses the
// contract only inward (mail.set); no command ever returns it.
import { z } from 'zod';
import { command } from './define';

/**
 * What a recipient list receives. Today the daily run mails open differences; the CHECK in the
 * workspace already admits the kinds of the later checks (overdue receipts, risk hits, payout
 * anomalies), which join this list when those checks exist.
 */
export const MAIL_KINDS = ['differences'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** A plain mailbox address (no display names: the list is data, not a header). */
export const mailAddress = z.string().trim().max(254).regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/, 'not a mail address');

export interface MailRecipientList {
  kind: MailKind;
  /** null: every channel. */
  channelId: string | null;
  addresses: string[];
}

export interface MailSettingsView {
  /** null until set up. */
  host: string | null;
  port: number;
  security: MailSecurity;
  user: string | null;
  from: string | null;
  passwordSet: boolean;
  recipients: MailRecipientList[];
}

export interface MailDelivery {
  kind: MailKind;
  channelId: string | null;
  to: string[];
  subject: string;
  sent: boolean;
  attempts: number;
  /** Why the last attempt failed, in both languages. */
  error: { zh: string; en: string } | null;
  messageId: string | null;
}

const channelId = z.string().regex(/^[a-z0-9_-]{1,40}$/);

export const mailSettingsInput = z.object({
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'not a host name'),
  port: z.number().int().min(1).max(65535),
  security: z.enum(MAIL_SECURITY),
  user: z.string().trim().min(1).max(254).nullable().optional(),
  from: mailAddress,
  /** Leave out to keep the saved password; null removes it. */
  password: z.string().min(1).max(1024).nullable().optional(),
});

export const mailContract = {
  'mail.get': command<MailSettingsView>()({ kind: 'read', input: z.object({}) }),
  'mail.set': command<MailSettingsView>()({ kind: 'write', input: mailSettingsInput }),
  'mail.recipients': command<MailSettingsView>()({
    kind: 'write',
    input: z.object({ kind: z.enum(MAIL_KINDS), channelId: channelId.nullable(), addresses: z.array(mailAddress).max(100) }),
  }),
  'mail.test': command<MailDelivery>()({ kind: 'write', input: z.object({ to: z.array(mailAddress).min(1).max(20) }) }),
};
