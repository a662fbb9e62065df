import { useEffect, useRef, useState } from 'react';
import type { Profile, ProfileSummary } from '../../../shared/profile';
import { call } from '../client';
import { errorMessage, useT } from '../i18n';
import { toErrorPayload, useApp } from '../store';

/** Import profiles: list, view, export as a JSON file a colleague can import, import one. */
export function ProfilesPanel() {
  const t = useT();
  const { lang, showError, clearError, channels } = useApp();
  const [profiles, setProfiles] = useState<ProfileSummary[]>([]);
  const [shown, setShown] = useState<Profile | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const refresh = () => call('profile.list', {}).then(setProfiles).catch(showError);
  useEffect(() => {
    void refresh();
    // Loaded once when the panel opens.
  }, []);

  async function view(id: string) {
    try {
      setShown((await call('profile.get', { id })).profile);
    } catch (e) {
      showError(e);
    }
  }

  async function exportJson(id: string) {
    try {
      const { profile } = await call('profile.get', { id });
      const blob = new Blob([JSON.stringify(profile, null, 2) + '\n'], { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${profile.id}.profile.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (e) {
      showError(e);
    }
  }

  async function importJson(file: File) {
    let definition: unknown;
    try {
      definition = JSON.parse(await file.text());
    } catch (e) {
      return setProblem(lang === 'zh' ? `${file.name} 不是有效的 JSON：${String(e)}` : `${file.name} is not valid JSON: ${String(e)}`);
    }
    try {
      const saved = await call('profile.save', { definition });
      setProblem(null);
      clearError();
      setShown(saved);
      await refresh();
    } catch (e) {
      setProblem(errorMessage(lang, toErrorPayload(e)));
    }
  }

  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{t('set.profiles')}</h2>
        <button type="button" onClick={() => input.current?.click()}>{t('set.importProfile')}</button>
        <input ref={input} type="file" accept=".json,application/json" hidden data-testid="profile-file" onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importJson(f);
        }} />
      </div>
      {problem && <p className="problem" role="alert">{problem}</p>}
      <table className="grid" aria-label={t('set.profiles')}>
        <thead>
          <tr><th>{t('set.id')}</th><th>{t('set.name')}</th><th>{t('imp.side')}</th><th>{t('imp.channel')}</th><th /><th /></tr>
        </thead>
        <tbody>
          {profiles.map((p) => (
            <tr key={p.id} data-profile={p.id}>
              <td className="mono">{p.id}</td>
              <td>{p.name} <span className={p.builtin ? 'pill' : 'pill good'}>{p.builtin ? t('set.builtin') : t('set.user')}</span></td>
              <td>{t(`imp.side.${p.side}`)}</td>
              <td>{p.channelId ? channels.find((c) => c.id === p.channelId)?.name ?? p.channelId : '—'}</td>
              <td><button type="button" className="link" onClick={() => void view(p.id)}>{t('set.view')}</button></td>
              <td><button type="button" className="link" onClick={() => void exportJson(p.id)}>{t('set.export')}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && (
        <>
          <div className="panel-head gap"><h3>{shown.name}</h3><button type="button" className="link" onClick={() => setShown(null)}>{t('common.close')}</button></div>
          <pre className="json" data-testid="profile-json">{JSON.stringify(shown, null, 2)}</pre>
        </>
      )}
    </section>
  );
}
