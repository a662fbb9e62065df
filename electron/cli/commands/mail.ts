import type { z } from 'zod';
import { MAIL_KINDS, mailAddress, mailSettingsInput, type MailKind, type MailSettingsView } from '../../../shared/contract/mail';
import { UserError } from '../../engine/errors';
import { sendTestMail } from '../../engine/mail/deliver';
import { mailSettings, saveMailSettings, saveRecipients } from '../../engine/mail/settings';
import { opt, optList } from '../args';
import type { CliCommand, CliContext } from '../context';

function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.join('.') || what;
  throw new UserError('cli.bad_option', `--${where} 有误：${issue?.message ?? ''}`, `--${where} is wrong: ${issue?.message ?? ''}`, { option: where });
}

function describe(ctx: CliContext, s: MailSettingsView): string[] {
  if (!s.host) return [ctx.t('尚未设置邮件服务器。', 'No mail server is set up.')];
  const security = { tls: 'TLS', starttls: 'STARTTLS', none: ctx.t('不加密', 'no encryption') }[s.security];
  return [
    ctx.t(`邮件服务器 ${s.host}:${s.port}（${security}），发件人 ${s.from ?? '-'}，用户 ${s.user ?? '-'}，密码${s.passwordSet ? '已保存（加密）' : '未设置'}`,
      `Mail server ${s.host}:${s.port} (${security}), from ${s.from ?? '-'}, user ${s.user ?? '-'}, password ${s.passwordSet ? 'saved (encrypted)' : 'not set'}`),
    ...(s.recipients.length === 0 ? [ctx.t('没有收件人。', 'No recipients.')] : s.recipients.map((r) =>
      `  ${r.kind} ${r.channelId ?? ctx.t('（全部渠道）', '(every channel)')}: ${r.addresses.join(', ')}`)),
  ];
}

const show: CliCommand = {
  name: 'mail show',
  usage: 'mail show',
  access: 'read',
  summary: { zh: '显示邮件服务器和收件人（不显示密码）', en: 'Show the mail server and recipients (never the password)' },
  run(ctx) {
    const s = mailSettings(ctx.workspace().db);
    ctx.print(s, () => describe(ctx, s));
  },
};

const set: CliCommand = {
  name: 'mail set',
  usage: 'mail set --host H --port N --from ADDR [--tls | --starttls | --no-tls] [--user U]   (密码从标准输入读取 / password from standard input)',
  summary: { zh: '设置发信的 SMTP 服务器', en: 'Set the SMTP server the daily run sends through' },
  options: { host: {}, port: {}, from: {}, user: {}, tls: { flag: true }, starttls: { flag: true }, 'no-tls': { flag: true } },
  async run(ctx) {
    const modes = (['tls', 'starttls', 'no-tls'] as const).filter((m) => ctx.args.flags.has(m));
    if (modes.length > 1) throw new UserError('cli.bad_option', '--tls、--starttls、--no-tls 只能选一个', 'Give only one of --tls, --starttls, --no-tls');
    const port = opt(ctx.args, 'port');
    if (port === undefined || !/^\d{1,5}$/.test(port)) throw new UserError('cli.bad_number', `--port 应为端口号：${port ?? ''}`, `--port takes a port number: ${port ?? ''}`);
    // Without a choice: 465 is implicit TLS, any other port upgrades with STARTTLS. Plain text only when asked.
    const security = modes[0] === 'no-tls' ? 'none' : modes[0] ?? (port === '465' ? 'tls' : 'starttls');
    const user = opt(ctx.args, 'user');
    // The password is never an option (it would sit in the shell's history and the process list).
    const password = user ? (await ctx.io.readSecret?.(ctx.t('SMTP 密码：', 'SMTP password: '))) || undefined : null;
    const input = checked(mailSettingsInput, { host: opt(ctx.args, 'host'), port: Number(port), security, user: user ?? null, from: opt(ctx.args, 'from'), password }, 'host');
    const s = saveMailSettings(ctx.workspace().db, input);
    ctx.print(s, () => [ctx.t('已保存。', 'Saved.'), ...describe(ctx, s)]);
  },
};

function mailKind(value: string | undefined): MailKind {
  const kind = MAIL_KINDS.find((k) => k === value);
  if (!kind) throw new UserError('cli.bad_option', `--kind 应为 ${MAIL_KINDS.join(' / ')}：${value ?? ''}`, `--kind must be ${MAIL_KINDS.join(' / ')}: ${value ?? ''}`);
  return kind;
}

const recipients: CliCommand = {
  name: 'mail recipients',
  usage: 'mail recipients --kind differences [--channel ID] --to ADDR … | --clear',
  summary: { zh: '设置某类邮件（按渠道或全部渠道）的收件人', en: 'Set who receives one kind of mail (per channel or for every channel)' },
  options: { kind: {}, channel: {}, to: { multiple: true }, clear: { flag: true } },
  run(ctx) {
    const to = optList(ctx.args, 'to').flatMap((v) => v.split(/[,;]/)).map((v) => v.trim()).filter(Boolean);
    if (to.length === 0 && !ctx.args.flags.has('clear')) throw new UserError('cli.missing_option', '缺少 --to 地址（或用 --clear 清空）', 'Missing --to addresses (or --clear to empty the list)');
    const addresses = to.map((a) => checked(mailAddress, a, 'to'));
    const s = saveRecipients(ctx.workspace().db, { kind: mailKind(opt(ctx.args, 'kind')), channelId: opt(ctx.args, 'channel') ?? null, addresses });
    ctx.print(s, () => describe(ctx, s));
  },
};

const test: CliCommand = {
  name: 'mail test',
  usage: 'mail test --to ADDR …',
  summary: { zh: '发送一封测试邮件', en: 'Send a test mail' },
  options: { to: { multiple: true } },
  async run(ctx) {
    const to = optList(ctx.args, 'to').map((a) => checked(mailAddress, a, 'to'));
    if (to.length === 0) throw new UserError('cli.missing_option', '缺少 --to 地址', 'Missing --to address');
    const d = await sendTestMail(ctx.workspace().db, to);
    ctx.print(d, () => [ctx.t(`测试邮件已发送到 ${to.join(', ')}`, `Test mail sent to ${to.join(', ')}`)]);
  },
};

export const mailCommands: CliCommand[] = [show, set, recipients, test];
