// The daily run's mail against a real SMTP server (smtp-server, on 127.0.0.1, started here): what
// arrives is parsed back (mailparser) and its attachment re-read, as a recipient would see it.
import * as XLSX from '@e965/xlsx';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import { bulkResolve } from '../../../electron/engine/resolve/resolve';
import { allDifferences } from '../../../electron/engine/statement/load';
import { computeReport } from '../../../electron/engine/report';
import { listAudit } from '../../../electron/engine/workspace/audit';
import { createWorkspace, openWorkspace } from '../../../electron/engine/workspace/db';
import { formatMoney } from '../../../shared/money';
import { SAMPLES, setUpChannels } from '../statement/sample-workspace';

interface Received {
  envelopeTo: string[];
  user: string | undefined;
  mail: ParsedMail;
}

const USER = 'recon@example.test';
const PASSWORD = 'Pw-灰度-7781!';

interface Server {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/** A real SMTP server that wants a login; `refuseRcpt` makes it refuse every recipient (550). */
async function startSmtp(options: { refuseRcpt?: boolean } = {}): Promise<Server> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (options.refuseRcpt) {
        const err = new Error(`Mailbox ${address.address} unavailable`) as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, mail });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let dir: string;
let wsPath: string;
let inbox: string;
let out: string[];
let err: string[];

async function cli(...argv: string[]): Promise<number> {
  return main([...argv, '--workspace', wsPath], { out: (l) => out.push(l), err: (l) => err.push(l), readSecret: async () => PASSWORD }, {});
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'recondesk-mail-'));
  wsPath = join(dir, 'ws.sqlite');
  inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  const ws = createWorkspace(wsPath);
  setUpChannels(ws.db);
  ws.db.close();
  out = [];
  err = [];
  process.env.RECONDESK_CONFIG_DIR = join(dir, 'config');
});
afterEach(() => {
  delete process.env.RECONDESK_CONFIG_DIR;
  rmSync(dir, { recursive: true, force: true });
});

function dropMonth(): void {
  for (const f of ['inhouse_orders_202610.csv', 'wechat_tradebill_ALL_202610.csv', '20881234567890120156_202610.csv.zip']) {
    copyFileSync(join(SAMPLES, f), join(inbox, f));
  }
}

function sheetRows(path: Buffer, sheet: string): unknown[][] {
  const wb = XLSX.read(path);
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1 }).slice(1);
}

async function setUpMail(port: number, lists: 'both' | 'finance' = 'both'): Promise<void> {
  expect(await cli('mail', 'set', '--host', '127.0.0.1', '--port', String(port), '--no-tls', '--user', USER, '--from', 'recondesk@example.test')).toBe(0);
  expect(await cli('mail', 'recipients', '--kind', 'differences', '--to', 'finance@example.test', 'lead@example.test')).toBe(0);
  if (lists === 'both') expect(await cli('mail', 'recipients', '--kind', 'differences', '--channel', 'wechat', '--to', 'wechat-team@example.test')).toBe(0);
}

describe('daily run mail', () => {
  it('mails every recipient list what concerns it: summary in Chinese first, figures, order ids, the workbook', async () => {
    const smtp = await startSmtp();
    try {
      await setUpMail(smtp.port);
      dropMonth();
      const code = await cli('run', '--inbox', inbox, '--settle', '0', '--mail');
      expect(err).toEqual([]);
      expect(code).toBe(1); // differences over tolerance: the run's own verdict, mail delivered
      expect(smtp.received).toHaveLength(2);
      for (const r of smtp.received) expect(r.user).toBe(USER);

      const ws = openWorkspace(wsPath);
      try {
        const all = smtp.received.find((r) => r.envelopeTo.includes('finance@example.test'))!;
        expect(all.envelopeTo.sort()).toEqual(['finance@example.test', 'lead@example.test']);
        const text = all.mail.text!;
        expect(text.indexOf('每日对账')).toBeGreaterThanOrEqual(0);
        expect(text.indexOf('每日对账')).toBeLessThan(text.indexOf('ReconDesk daily run'));
        for (const channelId of ['alipay', 'wechat']) {
          const report = computeReport(ws.db, { period: '2026-10', channelId }).channels[0]!;
          expect(text).toContain(`${channelId} 2026-10：净额 ${formatMoney(report.net, report.currency)}，认可 ${formatMoney(report.agreed, report.currency)}`);
          for (const d of allDifferences(ws.db, channelId, '2026-10', 'open').slice(0, 200)) expect(text).toContain(d.orderId ?? '(无订单号');
        }
        const openAll = ['alipay', 'wechat'].reduce((n, c) => n + allDifferences(ws.db, c, '2026-10', 'open').length, 0);
        expect(all.mail.subject).toContain(`未决差错 ${openAll} 笔`);
        expect(all.mail.attachments).toHaveLength(1);
        expect(all.mail.attachments[0]!.filename).toMatch(/^differences-.*\.xlsx$/);
        expect(sheetRows(all.mail.attachments[0]!.content, '未决差错')).toHaveLength(openAll);

        // The WeChat team hears of WeChat only: its figures, its ids, its part of the workbook.
        const wechat = smtp.received.find((r) => r.envelopeTo.includes('wechat-team@example.test'))!;
        expect(wechat.envelopeTo).toEqual(['wechat-team@example.test']);
        const openWechat = allDifferences(ws.db, 'wechat', '2026-10', 'open');
        expect(wechat.mail.text).toContain('wechat 2026-10');
        expect(wechat.mail.text).not.toContain('alipay 2026-10');
        const rows = sheetRows(wechat.mail.attachments[0]!.content, '未决差错');
        expect(rows).toHaveLength(openWechat.length);
        expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['wechat']));

        expect(listAudit(ws.db, { action: 'mail.send' })).toHaveLength(2);
      } finally {
        ws.db.close();
      }
      expect(out.filter((l) => l.startsWith('邮件已发送'))).toHaveLength(2);
    } finally {
      await smtp.close();
    }
  });

  it('sends nothing when everything agrees', async () => {
    const smtp = await startSmtp();
    try {
      await setUpMail(smtp.port);
      dropMonth();
      expect(await cli('run', '--inbox', inbox, '--settle', '0')).toBe(1);
      const ws = openWorkspace(wsPath);
      for (const channelId of ['alipay', 'wechat']) bulkResolve(ws.db, { channelId, period: '2026-10' }, { as: 'writeoff', note: '月末核销' });
      ws.db.close();
      out = [];
      expect(await cli('run', '--inbox', inbox, '--settle', '0', '--period', '2026-10', '--mail')).toBe(0);
      expect(smtp.received).toHaveLength(0);
      expect(out).toContain('没有需要处理的差错，未发邮件。');
    } finally {
      await smtp.close();
    }
  });

  it('a server that refuses: exit code 2, the report kept, the refusal in words', async () => {
    const smtp = await startSmtp({ refuseRcpt: true });
    try {
      await setUpMail(smtp.port);
      dropMonth();
      expect(await cli('run', '--inbox', inbox, '--settle', '0', '--mail')).toBe(2);
      expect(smtp.received).toHaveLength(0);
      const reports = readdirSync(join(inbox, 'reports'));
      expect(reports.filter((f) => /^differences-[\d-]+\.xlsx$/.test(f))).toHaveLength(1);
      expect(reports.filter((f) => /^differences-[\d-]+\.txt$/.test(f))).toHaveLength(1);
      expect(out.some((l) => l.startsWith('邮件发送失败') && l.includes('拒绝了发件人或收件人'))).toBe(true);
      const ws = openWorkspace(wsPath);
      expect(listAudit(ws.db, { action: 'mail.send' }).every((e) => (e.after as { sent: boolean }).sent === false)).toBe(true);
      ws.db.close();
    } finally {
      await smtp.close();
    }
  });

  it('a server that is down is tried again, then exit code 2', async () => {
    const smtp = await startSmtp();
    const port = smtp.port;
    await smtp.close();
    await setUpMail(port, 'finance');
    dropMonth();
    const code = await cli('run', '--inbox', inbox, '--settle', '0', '--mail');
    expect(code).toBe(2);
    expect(out.some((l) => /邮件发送失败（3 次尝试）.*无法连接邮件服务器/.test(l))).toBe(true);
    expect(existsSync(join(inbox, 'reports'))).toBe(true);
  }, 60_000);

  it('mail test sends through the saved server; the password is stored encrypted, never in the clear', async () => {
    const smtp = await startSmtp();
    try {
      await setUpMail(smtp.port);
      expect(await cli('mail', 'test', '--to', 'someone@example.test')).toBe(0);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.mail.subject).toBe('[ReconDesk] 测试邮件 / Test mail');
      expect(smtp.received[0]!.envelopeTo).toEqual(['someone@example.test']);
      out = [];
      expect(await cli('mail', 'show', '--json')).toBe(0);
      expect(out.join('\n')).not.toContain(PASSWORD);
      expect(JSON.parse(out.join('\n'))).toMatchObject({ host: '127.0.0.1', port: smtp.port, security: 'none', user: USER, passwordSet: true });
      const ws = openWorkspace(wsPath);
      ws.db.pragma('wal_checkpoint(TRUNCATE)');
      ws.db.close();
      const bytes = readFileSync(wsPath);
      expect(bytes.includes(Buffer.from(PASSWORD))).toBe(false);
      expect(bytes.includes(Buffer.from('Pw-'))).toBe(false);
    } finally {
      await smtp.close();
    }
  });

  it('a workspace moved to a machine without the key asks for the password again', async () => {
    const smtp = await startSmtp();
    try {
      await setUpMail(smtp.port);
      rmSync(join(dir, 'config'), { recursive: true });
      expect(await cli('mail', 'test', '--to', 'someone@example.test')).toBe(1);
      expect(err.join('\n')).toContain('无法读取已保存的邮件密码');
      expect(smtp.received).toHaveLength(0);
    } finally {
      await smtp.close();
    }
  });
});
