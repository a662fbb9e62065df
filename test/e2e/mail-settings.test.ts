// Settings → 邮件 in the browser: a clerk sets up the SMTP server and the recipients, and the test mail
// arrives at a real SMTP server started here on 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveChannel } from '../../electron/engine/channels';
import { createWorkspace } from '../../electron/engine/workspace/db';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

describe.skipIf(!hasChromium)('mail settings in the browser', () => {
  let wb: Workbench;
  let smtp: SMTPServer;
  let port: number;
  const received: { to: string[]; user: unknown; mail: ParsedMail }[] = [];

  beforeAll(async () => {
    // The password's key is kept per user, outside the workspace; keep this test's key in its own folder.
    process.env.RECONDESK_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'recondesk-mail-key-'));
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'], allowInsecureAuth: true, logger: false,
      onAuth: (auth, _s, cb) => (auth.username === 'ops' && auth.password === 's3cret-密码' ? cb(null, { user: 'ops' }) : cb(new Error('bad login'))),
      onData: (stream, session, cb) => void simpleParser(stream).then((mail) => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), user: session.user, mail });
        cb();
      }, cb),
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    wb = await startWorkbench((path) => {
      const ws = createWorkspace(path);
      saveChannel(ws.db, { id: 'alipay', name: '支付宝', aliases: ['支付宝'] });
      ws.db.close();
    });
  });
  afterAll(async () => {
    await wb?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    rmSync(process.env.RECONDESK_CONFIG_DIR!, { recursive: true, force: true });
    delete process.env.RECONDESK_CONFIG_DIR;
  });

  it('saves the server and recipients, never shows the password again, and sends a test mail', async () => {
    const { page } = wb;
    await page.getByRole('button', { name: '设置' }).click();
    const panel = page.getByRole('region', { name: '邮件' });
    await panel.locator('[name=mail-host]').fill('127.0.0.1');
    await panel.locator('[name=mail-port]').fill(String(port));
    await panel.locator('[name=mail-security]').selectOption('none');
    await panel.locator('[name=mail-user]').fill('ops');
    await panel.locator('[name=mail-password]').fill('s3cret-密码');
    await panel.locator('[name=mail-from]').fill('recondesk@example.test');
    await panel.getByRole('button', { name: '保存邮件设置' }).click();
    await expect.poll(async () => (await wb.api('mail.get', {})).passwordSet).toBe(true);
    await expect.poll(() => panel.locator('[name=mail-password]').inputValue()).toBe('');
    expect(await panel.locator('[name=mail-password]').getAttribute('placeholder')).toContain('已保存');

    await panel.getByLabel('地址（逗号分隔） 全部渠道').fill('finance@example.test, lead@example.test');
    await panel.getByRole('row', { name: /全部渠道/ }).getByRole('button', { name: '保存收件人' }).click();
    await panel.getByLabel('地址（逗号分隔） 支付宝').fill('alipay-team@example.test');
    await panel.getByRole('row', { name: /支付宝/ }).getByRole('button', { name: '保存收件人' }).click();
    await expect.poll(async () => (await wb.api('mail.get', {})).recipients).toEqual([
      { kind: 'differences', channelId: null, addresses: ['finance@example.test', 'lead@example.test'] },
      { kind: 'differences', channelId: 'alipay', addresses: ['alipay-team@example.test'] },
    ]);

    await panel.locator('[name=mail-test-to]').fill('finance@example.test');
    await panel.getByRole('button', { name: '发送测试邮件' }).click();
    await panel.getByRole('status').filter({ hasText: '测试邮件已发送' }).waitFor();
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['finance@example.test']);
    expect(received[0]!.user).toBe('ops');
    expect(received[0]!.mail.subject).toBe('[ReconDesk] 测试邮件 / Test mail');
    const settings = JSON.stringify(await wb.api('mail.get', {}));
    expect(settings).not.toContain('s3cret');
    await panel.scrollIntoViewIfNeeded();
    await wb.shot('settings-mail');
    expect(wb.pageErrors).toEqual([]);
  });
});
