// App-wide state: language, the open workspace, the current screen and period, channels, and the
// last error shown. Screen-local state (a file list, a wizard draft) stays in the screens.
import { create } from 'zustand';
import type { ChannelSettings, Period } from '../../shared/domain';
import type { ErrorPayload, Lang } from '../../shared/errors';
import { call, EngineError } from './client';
import type { SessionInfo } from './client/types';

export type Screen = 'dashboard' | 'import' | 'settings' | 'reconcile' | 'statements' | 'audit' | 'approvals' | 'risk' | 'receivables';

/** A bill chosen in the import screen and not imported yet, with the channel its preview proposed. */
export interface ReceivedFile {
  ref: string;
  name: string;
  channelId: string | null;
}

interface AppState {
  lang: Lang;
  screen: Screen;
  period: Period;
  session: SessionInfo | null;
  channels: ChannelSettings[];
  operator: string;
  /** The first audit entry that does not verify, when the workspace's history was altered. */
  auditBrokenAt: { id: number; at: string; action: string } | null;
  error: ErrorPayload | null;
  received: ReceivedFile[];
  setReceived(files: ReceivedFile[]): void;
  /** Files dropped anywhere on the window, waiting for the import screen to take them. */
  droppedFiles: File[];
  dropFiles(files: File[]): void;
  takeDroppedFiles(): File[];
  setLang(lang: Lang): void;
  setScreen(screen: Screen): void;
  setPeriod(period: Period): void;
  setSession(session: SessionInfo): void;
  showError(e: unknown): void;
  clearError(): void;
  /** Loads what every screen needs after a workspace opens. */
  loadWorkspace(): Promise<void>;
  refreshChannels(): Promise<void>;
}

/** The month before today's month (bills for a month arrive in the next one), from the UTC date. */
export function defaultPeriod(now: Date = new Date()): Period {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

export function toErrorPayload(e: unknown): ErrorPayload {
  return e instanceof EngineError ? e.payload : { type: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export const useApp = create<AppState>()((set, get) => ({
  lang: 'zh',
  screen: 'dashboard',
  period: defaultPeriod(),
  session: null,
  channels: [],
  operator: '',
  auditBrokenAt: null,
  error: null,
  received: [],
  setReceived: (received) => set({ received }),
  droppedFiles: [],
  dropFiles: (files) => set({ droppedFiles: [...get().droppedFiles, ...files], screen: 'import' }),
  takeDroppedFiles() {
    const files = get().droppedFiles;
    if (files.length > 0) set({ droppedFiles: [] });
    return files;
  },
  setLang(lang) {
    set({ lang });
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    if (get().session?.workspace) call('settings.set', { language: lang }).catch((e: unknown) => get().showError(e));
  },
  setScreen: (screen) => set({ screen }),
  setPeriod: (period) => set({ period }),
  setSession: (session) => set({ session }),
  showError: (e) => set({ error: toErrorPayload(e) }),
  clearError: () => set({ error: null }),
  async loadWorkspace() {
    const info = await call('workspace.info', {});
    set({ lang: info.language, operator: info.operator, auditBrokenAt: info.auditBrokenAt ?? null, ...(info.latestPeriod ? { period: info.latestPeriod } : {}) });
    document.documentElement.lang = info.language === 'zh' ? 'zh-CN' : 'en';
    await get().refreshChannels();
  },
  async refreshChannels() {
    set({ channels: await call('channel.list', {}) });
  },
}));
