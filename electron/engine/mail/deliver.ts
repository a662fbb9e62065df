// The daily run's mail (`run --inbox DIR --mail`): after the run has written its report, send one
// message per recipient list that has something to act on. Sending happens after the report is on
// disk and audited, so a mail server that refuses never costs the report; the caller turns any
// undelivered message into exit code 2.
import { existsSync } from 'node:fs';
import type { MailDelivery } from '../../../shared/contract/mail';
import type { InboxRunResult } from '../../../shared/contract/statement';
import { getChannel } from '../channels';
import { UserError } from '../errors';
import { summaryText } from '../inbox/run';
import { writeDifferenceReport } from '../inbox/report';
import { allDifferences } from '../statement/load';
import { appendAudit } from '../workspace/audit';
import { getSetting, writeTransaction, type DB } from '../workspace/db';
import { composeRunMail, type MailedDifference } from './compose';
import { sendMail, type SendOptions } from './send';
import { recipientLists, smtpServer } from './settings';

export interface RunMailOutcome {
  deliveries: MailDelivery[];
  /** Set when mail could not be attempted at all (no server, no recipients, unreadable password). */
  problem: { zh: string; en: string } | null;
}

export interface RunMailOptions extends SendOptions {
  now?: number;
  lang?: 'zh' | 'en';
}

function openDifferences(db: DB, run: InboxRunResult): Map<string, MailedDifference[]> {
  const map = new Map<string, MailedDifference[]>();
  for (const c of run.channels) {
    const currency = getChannel(db, c.channelId).currency;
    map.set(`${c.channelId} ${c.period}`, allDifferences(db, c.channelId, c.period, 'open').map((d) => ({
      orderId: d.orderId, category: d.category, differenceMinor: d.differenceMinor, currency: d.currency ?? currency,
    })));
  }
  return map;
}

/** Sends the run's mail; never throws for a mail problem (it is in the outcome). */
export async function mailRun(db: DB, run: InboxRunResult, options: RunMailOptions = {}): Promise<RunMailOutcome> {
  const lists = recipientLists(db, 'differences');
  if (lists.length === 0) {
    return { deliveries: [], problem: { zh: '没有设置差错邮件的收件人：recondesk mail recipients --kind differences --to 地址…', en: 'No recipients for difference mail: recondesk mail recipients --kind differences --to ADDRESS…' } };
  }
  let server;
  try {
    server = smtpServer(db);
  } catch (e) {
    if (e instanceof UserError) return { deliveries: [], problem: { zh: e.zh, en: e.en } };
    throw e;
  }
  const workbook = run.reportFiles.find((f) => f.endsWith('.xlsx'));
  if (!workbook) throw new Error('the run wrote no workbook to attach');
  const zone = getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
  const now = options.now ?? Date.now();
  const lang = options.lang ?? 'zh';
  const mails = composeRunMail({
    run, lists, differences: openDifferences(db, run), now, zone,
    attachmentFor(channelId) {
      if (channelId === null) return { filename: workbook.split(/[\\/]/).pop()!, path: workbook };
      // A channel's own list gets that channel's part of the workbook only.
      const path = workbook.replace(/\.xlsx$/, `-${channelId}.xlsx`);
      if (!existsSync(path)) writeDifferenceReport(db, { ...run, channels: run.channels.filter((c) => c.channelId === channelId) }, path, lang);
      return { filename: path.split(/[\\/]/).pop()!, path };
    },
  }, (scoped, l) => summaryText(scoped, now, zone, l));
  const deliveries: MailDelivery[] = [];
  for (const mail of mails) {
    const delivery = await sendMail(server, mail, options);
    deliveries.push(delivery);
    writeTransaction(db, () => appendAudit(db, {
      action: 'mail.send', channelId: delivery.channelId, subject: delivery.subject,
      after: { to: delivery.to, sent: delivery.sent, attempts: delivery.attempts, error: delivery.error, attachments: mail.attachments.map((a) => a.filename) },
    }));
  }
  return { deliveries, problem: null };
}

/** `mail test`: one short message through the saved server. */
export async function sendTestMail(db: DB, to: string[], options: SendOptions = {}): Promise<MailDelivery> {
  const server = smtpServer(db);
  const delivery = await sendMail(server, {
    kind: 'differences', channelId: null, to,
    subject: '[ReconDesk] 测试邮件 / Test mail',
    text: `这是 ReconDesk 的测试邮件，收到即说明邮件设置可用。\n\nThis is a test mail from ReconDesk: the mail settings work.\n\n${server.host}:${server.port} (${server.security})\n`,
    attachments: [],
  }, options);
  writeTransaction(db, () => appendAudit(db, { action: 'mail.test', subject: to.join(', '), after: { sent: delivery.sent, attempts: delivery.attempts, error: delivery.error } }));
  if (!delivery.sent && delivery.error) throw new UserError('mail.send_failed', `测试邮件未发出：${delivery.error.zh}`, `The test mail was not sent: ${delivery.error.en}`, { attempts: delivery.attempts });
  return delivery;
}

/** The run's result with its mail outcome; exit code 2 when any list's message was not delivered. */
export async function deliverRunMail(db: DB, run: InboxRunResult, options: RunMailOptions = {}): Promise<InboxRunResult> {
  const mail = await mailRun(db, run, options);
  const undelivered = mail.problem !== null || mail.deliveries.some((d) => !d.sent);
  return { ...run, mail, exitCode: undelivered ? 2 : run.exitCode };
}
