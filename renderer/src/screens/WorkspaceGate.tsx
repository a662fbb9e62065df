import { useState } from 'react';
import { EngineError, frontDoor } from '../client';
import { useT } from '../i18n';
import { useApp } from '../store';

/** Shown until a workspace is open: create one or open an existing one. */
export function WorkspaceGate() {
  const t = useT();
  const { session, setSession, loadWorkspace, showError, clearError } = useApp();
  const [name, setName] = useState('');
  const door = frontDoor();

  async function go(action: 'create' | 'open', n: string) {
    const r = action === 'create' ? await door.createWorkspace(n) : await door.openWorkspace(n);
    if (!r.ok) return showError(new EngineError(r.error));
    clearError();
    setSession(r.value);
    if (r.value.workspace) await loadWorkspace().catch(showError);
  }

  return (
    <section className="panel gate">
      <h1>{t('ws.none')}</h1>
      <p className="muted">{t('ws.intro')}</p>
      {door.kind === 'browser' ? (
        <form onSubmit={(e) => { e.preventDefault(); void go('create', name); }} className="row">
          <label>
            {t('ws.name')}
            <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus name="workspace-name" />
          </label>
          <button type="submit" className="primary">{t('ws.create')}</button>
        </form>
      ) : (
        <div className="row">
          <button type="button" className="primary" onClick={() => void go('create', '')}>{t('ws.create')}</button>
          <button type="button" onClick={() => void go('open', '')}>{t('ws.openExisting')}</button>
        </div>
      )}
      {door.kind === 'browser' && session?.workspaces && session.workspaces.length > 0 && (
        <>
          <h2>{t('ws.openExisting')}</h2>
          <ul className="plain">
            {session.workspaces.map((w) => (
              <li key={w}>
                <button type="button" className="link" onClick={() => void go('open', w)}>{w}</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
