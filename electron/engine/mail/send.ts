// Sending one message through the workspace's SMTP server, with retries. A mail server that is down
// for a minute must not cost the day's mail, and one that refuses must be told in words: the caller
// gets every outcome back (never an exception) and decides the exit code.
import { createTransport } from 'nodemailer';
import type { MailDelivery, MailKind } from '../../../shared/contract/mail';
import type { SmtpServer } from './settings';

export interface OutgoingMail {
  kind: MailKind;
  channelId: string | null;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; path: string }[];
}

export interface SendOptions {
  /** Waits between attempts; the number of attempts is one more than its length. Default 2 s, 10 s. */
  retryDelaysMs?: number[];
  /** Per-connection timeouts; default 20 s. */
  timeoutMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What went wrong, in words a clerk can pass on to whoever runs the mail server. */
export function describeSendError(err: unknown, server: Pick<SmtpServer, 'host' | 'port'>): { zh: string; en: string } {
  const e = err as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `${server.host}:${server.port}`;
  const said = (e.response ?? e.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 300);
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ESOCKET':
    case 'ECONNECTION':
      return { zh: `无法连接邮件服务器 ${where}（${said}）`, en: `Could not connect to the mail server ${where} (${said})` };
    case 'ETIMEDOUT':
      return { zh: `连接邮件服务器 ${where} 超时`, en: `The mail server ${where} did not answer in time` };
    case 'EAUTH':
      return { zh: `邮件服务器 ${where} 拒绝了用户名或密码（${said}）`, en: `The mail server ${where} refused the user name or password (${said})` };
    case 'ETLS':
      return { zh: `与邮件服务器 ${where} 的加密连接失败，请检查加密方式（TLS / STARTTLS）和端口（${said}）`, en: `The encrypted connection to ${where} failed; check the security setting (TLS / STARTTLS) and port (${said})` };
    case 'EENVELOPE':
      return { zh: `邮件服务器 ${where} 拒绝了发件人或收件人（${said}）`, en: `The mail server ${where} refused the sender or a recipient (${said})` };
    default:
      return { zh: `邮件服务器 ${where} 拒绝发送（${said}）`, en: `The mail server ${where} refused the message (${said})` };
  }
}

/** Sends one message; tries again after each delay; returns what happened. */
export async function sendMail(server: SmtpServer, mail: OutgoingMail, options: SendOptions = {}): Promise<MailDelivery> {
  const delays = options.retryDelaysMs ?? [2_000, 10_000];
  const timeout = options.timeoutMs ?? 20_000;
  const transport = createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    ...(server.user ? { auth: { user: server.user, pass: server.password ?? '' } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  const delivery: MailDelivery = { kind: mail.kind, channelId: mail.channelId, to: mail.to, subject: mail.subject, sent: false, attempts: 0, error: null, messageId: null };
  try {
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1]!);
      delivery.attempts = attempt + 1;
      try {
        const info = await transport.sendMail({ from: server.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
        return { ...delivery, sent: true, error: null, messageId: info.messageId ?? null };
      } catch (err) {
        delivery.error = describeSendError(err, server);
        // A refusal of the sender, a recipient or the login will be the same next time.
        const code = (err as { code?: string }).code;
        if (code === 'EAUTH' || code === 'EENVELOPE') break;
      }
    }
    return delivery;
  } finally {
    transport.close();
  }
}
