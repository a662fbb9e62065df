import { useEffect, useState } from 'react';
import { frontDoor } from './client';
import { AuditChainBanner } from './components/AuditChainBanner';
import { ErrorBanner } from './components/ErrorBanner';
import { useT, type MessageKey } from './i18n';
import { Dashboard } from './screens/Dashboard';
import { ImportScreen } from './screens/Import';
import { Settings } from './screens/Settings';
import { Approvals } from './screens/Approvals';
import { Receivables } from './screens/receivables/Receivables';
import { WorkspaceGate } from './screens/WorkspaceGate';
import { WorkbenchScreen } from './screens/reconcile/WorkbenchScreen';
import { RiskReview } from './screens/risk/RiskReview';
import { useApp, type Screen } from './store';

const SCREENS: { id: Screen; label: MessageKey; key: string }[] = [
  { id: 'dashboard', label: 'nav.dashboard', key: '1' },
  { id: 'import', label: 'nav.import', key: '2' },
  { id: 'reconcile', label: 'nav.reconcile', key: '4' },
  { id: 'statements', label: 'nav.statements', key: '5' },
  { id: 'audit', label: 'nav.audit', key: '6' },
  { id: 'approvals', label: 'nav.approvals', key: '7' },
  { id: 'risk', label: 'nav.risk', key: '8' },
  { id: 'receivables', label: 'nav.receivables', key: '9' },
  { id: 'settings', label: 'nav.settings', key: '3' },
];

export function App() {
  const t = useT();
  const { session, screen, setScreen, lang, setLang, setSession, loadWorkspace, showError } = useApp();
  const [booting, setBooting] = useState(true);

  useEffect(() => {
    frontDoor().session().then(async (s) => {
      setSession(s);
      if (s.workspace) await loadWorkspace();
    }).catch(showError).finally(() => setBooting(false));
  }, [setSession, loadWorkspace, showError]);

  // Alt+1/2/3 switch screens; the desktop menu sends the same actions.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = e.altKey && !e.ctrlKey && !e.metaKey ? SCREENS.find((x) => x.key === e.key) : undefined;
      if (s) {
        e.preventDefault();
        setScreen(s.id);
      }
    };
    window.addEventListener('keydown', onKey);
    // Bills dropped anywhere on the window go to the import screen (its own drop area handles itself).
    const onDragOver = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const onDrop = (e: DragEvent) => {
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (e.defaultPrevented || files.length === 0 || !useApp.getState().session?.workspace) return;
      e.preventDefault();
      useApp.getState().dropFiles(files);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    const off = frontDoor().onMenu?.((action) => {
      if (action === 'import') setScreen('import');
      else if (action === 'export') setScreen('statements');
      else if (action === 'settings') setScreen('settings');
      else if (action === 'dashboard') setScreen('dashboard');
      else if (action === 'workspace-changed') void frontDoor().session().then(async (s) => {
        setSession(s);
        if (s.workspace) await loadWorkspace();
      }).catch(showError);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      off?.();
    };
  }, [setScreen, setSession, loadWorkspace, showError]);

  if (booting) return <div className="boot">{t('common.loading')}</div>;

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">ReconDesk · {t('app.title')}</span>
        {session?.workspace && (
          <nav aria-label="screens">
            {SCREENS.map((s) => (
              <button key={s.id} type="button" className={screen === s.id ? 'tab active' : 'tab'} aria-current={screen === s.id ? 'page' : undefined} onClick={() => setScreen(s.id)} title={`Alt+${s.key}`}>
                {t(s.label)}
              </button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {session?.workspace && <span className="ws" title={session.workspace}>{t('ws.current')}: {baseName(session.workspace)}</span>}
        <button type="button" className="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('nav.language')}</button>
      </header>
      <ErrorBanner />
      <AuditChainBanner />
      <main>
        {!session?.workspace ? (
          <WorkspaceGate />
        ) : (
          <>
            {screen === 'dashboard' && <Dashboard />}
            {/* Kept mounted: an import keeps running, and its list stays, while the user looks elsewhere. */}
            <div hidden={screen !== 'import'}>
              <ImportScreen key={session.workspace} />
            </div>
            {screen === 'settings' && <Settings />}
            {screen === 'approvals' && <Approvals />}
            {screen === 'risk' && <RiskReview />}
            {screen === 'receivables' && <Receivables />}
            {(screen === 'reconcile' || screen === 'statements' || screen === 'audit') && <WorkbenchScreen screen={screen} />}
          </>
        )}
      </main>
    </div>
  );
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
