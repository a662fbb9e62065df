import { useState } from 'react';
import type { ChannelSettings } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';
import { call } from '../client';
import { useT } from '../i18n';
import { useApp } from '../store';
import { ChannelForm } from './ChannelForm';
import { MailPanel } from './MailPanel';
import { PartiesPanel } from './PartiesPanel';
import { ProfilesPanel } from './ProfilesPanel';
import { BankSettings } from './receivables/BankSettings';

export function Settings() {
  const t = useT();
  const { channels } = useApp();
  const [editing, setEditing] = useState<ChannelSettings | null | 'new'>(channels.length === 0 ? 'new' : null);

  return (
    <div className="screen settings">
      <GeneralPanel />
      <PartiesPanel />
      <section className="panel">
        <div className="panel-head">
          <h2>{t('set.channels')}</h2>
          {editing === null && <button type="button" onClick={() => setEditing('new')}>{t('set.addChannel')}</button>}
        </div>
        {editing !== null && <ChannelForm key={editing === 'new' ? 'new' : editing.id} channel={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
        <table className="grid" aria-label={t('set.channels')}>
          <thead>
            <tr>
              <th>{t('set.id')}</th><th>{t('set.name')}</th><th>{t('set.aliases')}</th><th>{t('set.timeZone')}</th>
              <th>{t('set.cutoff')}</th><th className="num">{t('set.tolerance')}</th><th>{t('set.manual')}</th><th>{t('set.cycle')}</th><th />
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.id}</td>
                <td>{c.name}</td>
                <td>{c.aliases.join(', ')}</td>
                <td>{c.timeZone}</td>
                <td className="num">{Math.round(c.cutoffSeconds / 60)}</td>
                <td className="num">{formatMoney(c.toleranceMinor, c.currency)}</td>
                <td>{c.manualDownload ? t('common.yes') : t('common.no')}</td>
                <td>{c.settlementCycle}</td>
                <td><button type="button" className="link" onClick={() => setEditing(c)}>{t('common.edit')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ProfilesPanel />
      <MailPanel />
      <BankSettings />
    </div>
  );
}

function GeneralPanel() {
  const t = useT();
  const { operator, lang, setLang, showError, clearError } = useApp();
  const [name, setName] = useState(operator);
  const [saved, setSaved] = useState(false);
  return (
    <section className="panel">
      <h2>{t('set.general')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          call('settings.set', { operator: name.trim() })
            .then((info) => {
              useApp.setState({ operator: info.operator });
              clearError();
              setSaved(true);
            })
            .catch(showError);
        }}
      >
        <label>{t('set.operator')}<input name="operator" value={name} onChange={(e) => { setName(e.target.value); setSaved(false); }} required maxLength={80} /></label>
        <button type="submit">{t('common.save')}</button>
        {saved && <span className="ok" role="status">{t('common.saved')}</span>}
        <label>{t('set.language')}
          <select name="language" value={lang} onChange={(e) => setLang(e.target.value === 'en' ? 'en' : 'zh')}>
            <option value="zh">中文</option>
            <option value="en">English</option>
          </select>
        </label>
      </form>
    </section>
  );
}
