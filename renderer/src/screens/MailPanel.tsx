// Settings → 邮件: the SMTP server the daily run sends through, who receives the difference mail
// (for every channel, or per channel), and a test mail. The password field is write-only: the engine
// never returns it, the form only says whether one is saved.
import { useEffect, useState } from 'react';
import type { MailSecurity, MailSettingsView } from '../../../shared/contract/mail';
import type { Lang } from '../../../shared/errors';
import { call } from '../client';
import { useApp } from '../store';

const DICT = {
  title: ['邮件', 'Mail'],
  intro: ['每日任务（recondesk run --inbox 目录 --mail）有未决差错或失败的账单时发邮件；全部一致时不发。', 'The daily run (recondesk run --inbox DIR --mail) mails when there are open differences or failed bills, and sends nothing when all agree.'],
  host: ['SMTP 服务器', 'SMTP server'],
  port: ['端口', 'Port'],
  security: ['加密', 'Security'],
  tls: ['TLS（端口 465）', 'TLS (port 465)'],
  starttls: ['STARTTLS（端口 587/25）', 'STARTTLS (port 587/25)'],
  none: ['不加密（仅限内网中继）', 'None (internal relay only)'],
  user: ['用户名', 'User name'],
  password: ['密码', 'Password'],
  passwordSaved: ['已保存（加密）；留空则不变', 'saved (encrypted); leave empty to keep it'],
  passwordNone: ['未设置', 'not set'],
  from: ['发件人地址', 'From address'],
  save: ['保存邮件设置', 'Save mail settings'],
  saved: ['已保存', 'Saved'],
  recipients: ['差错邮件收件人', 'Who receives the difference mail'],
  everyChannel: ['全部渠道', 'Every channel'],
  addresses: ['地址（逗号分隔）', 'Addresses (comma separated)'],
  saveList: ['保存收件人', 'Save recipients'],
  testTo: ['测试收件地址', 'Send a test to'],
  test: ['发送测试邮件', 'Send test mail'],
  testSent: ['测试邮件已发送', 'Test mail sent'],
} as const satisfies Record<string, readonly [string, string]>;

function useMailT(): (key: keyof typeof DICT) => string {
  const lang: Lang = useApp((s) => s.lang);
  return (key) => DICT[key][lang === 'zh' ? 0 : 1];
}

const splitAddresses = (text: string) => text.split(/[,;，；\s]+/).map((a) => a.trim()).filter(Boolean);

export function MailPanel() {
  const t = useMailT();
  const { channels, showError, clearError } = useApp();
  const [view, setView] = useState<MailSettingsView | null>(null);
  const [form, setForm] = useState({ host: '', port: '465', security: 'tls' as MailSecurity, user: '', password: '', from: '' });
  const [lists, setLists] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [testTo, setTestTo] = useState('');

  const show = (v: MailSettingsView) => {
    setView(v);
    setForm({ host: v.host ?? '', port: String(v.port), security: v.security, user: v.user ?? '', password: '', from: v.from ?? '' });
    setLists(Object.fromEntries(v.recipients.map((r) => [r.channelId ?? '', r.addresses.join(', ')])));
  };
  useEffect(() => {
    call('mail.get', {}).then(show).catch(showError);
  }, [showError]);

  const done = (message: string) => (v?: MailSettingsView) => {
    if (v) show(v);
    clearError();
    setStatus(message);
  };

  if (!view) return null;
  return (
    <section className="panel" aria-label={t('title')}>
      <h2>{t('title')}</h2>
      <p className="muted">{t('intro')}</p>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          call('mail.set', {
            host: form.host, port: Number(form.port), security: form.security, from: form.from,
            user: form.user.trim() || null,
            // Empty keeps the saved password; with no user name there is nothing to log in with.
            ...(form.user.trim() === '' ? { password: null } : form.password !== '' ? { password: form.password } : {}),
          }).then(done(t('saved'))).catch(showError);
        }}
      >
        <label>{t('host')}<input name="mail-host" value={form.host} onChange={(e) => setForm({ ...form, host: e.target.value })} required /></label>
        <label>{t('port')}<input name="mail-port" value={form.port} inputMode="numeric" pattern="\d{1,5}" onChange={(e) => setForm({ ...form, port: e.target.value })} required size={6} /></label>
        <label>{t('security')}
          <select name="mail-security" value={form.security} onChange={(e) => setForm({ ...form, security: e.target.value as MailSecurity })}>
            <option value="tls">{t('tls')}</option>
            <option value="starttls">{t('starttls')}</option>
            <option value="none">{t('none')}</option>
          </select>
        </label>
        <label>{t('user')}<input name="mail-user" value={form.user} onChange={(e) => setForm({ ...form, user: e.target.value })} autoComplete="off" /></label>
        <label>{t('password')}
          <input name="mail-password" type="password" size={30} value={form.password} autoComplete="new-password"
            placeholder={view.passwordSet ? t('passwordSaved') : t('passwordNone')} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </label>
        <label>{t('from')}<input name="mail-from" type="email" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} required /></label>
        <button type="submit">{t('save')}</button>
      </form>
      <h3>{t('recipients')}</h3>
      <table className="grid" aria-label={t('recipients')}>
        <tbody>
          {[{ id: '', name: t('everyChannel') }, ...channels].map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td><input name={`mail-to-${c.id || 'all'}`} aria-label={`${t('addresses')} ${c.name}`} value={lists[c.id] ?? ''} size={48} placeholder={t('addresses')} onChange={(e) => setLists({ ...lists, [c.id]: e.target.value })} /></td>
              <td>
                <button type="button" onClick={() => {
                  call('mail.recipients', { kind: 'differences', channelId: c.id || null, addresses: splitAddresses(lists[c.id] ?? '') }).then(done(t('saved'))).catch(showError);
                }}>{t('saveList')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>{t('testTo')}<input name="mail-test-to" type="email" value={testTo} onChange={(e) => setTestTo(e.target.value)} /></label>
        <button type="button" disabled={!view.host || testTo.trim() === ''} onClick={() => {
          call('mail.test', { to: splitAddresses(testTo) }).then(() => done(t('testSent'))()).catch(showError);
        }}>{t('test')}</button>
        {status && <span className="ok" role="status">{status}</span>}
      </div>
    </section>
  );
}
