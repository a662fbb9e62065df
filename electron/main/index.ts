// Electron main: app lifecycle, the one window, menus, dialogs and the engine process. Thin: every
// decision about security lives in security.ts, every decision about data in the engine.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EngineStartError } from '../engine/host/client';
import { safeFileName } from '../engine/host/file-name';
import type { CommandResponse } from '../../shared/front-door';
import type { EngineRouter } from '../engine/host/router';
import { IPC } from '../preload/channels';
import { FileApprovals } from './approvals';
import { startEngineProcesses } from './engine';
import { menuTemplate, type MenuAction } from './menu';
import { readState, writeState } from './recent';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, hardenWebContents, isTrustedSender, resolveAppFile, secureWebPreferences } from './security';
import { isCommandName } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';

const here = import.meta.dirname;
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devServerUrl ? new URL(devServerUrl).origin : APP_ORIGIN;
const rendererRoot = join(here, '../renderer');
const outputDir = join(app.getPath('temp'), `recondesk-out-${process.pid}`);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  // Two instances would write the same workspace; the first one gets focus instead.
  app.quit();
}

let window: BrowserWindow | null = null;
let engine: EngineRouter | null = null;
let workspacePath: string | null = null;
let lang: 'zh' | 'en' = 'zh';
const approvals = new FileApprovals();
const calls = new Map<string, () => void>();

function userError(key: string, zh: string, en: string): ErrorPayload {
  return { type: 'user', key, message: { zh, en } };
}

async function openEngine(path: string): Promise<ErrorPayload | null> {
  mkdirSync(outputDir, { recursive: true });
  let next: EngineRouter;
  try {
    next = await startEngineProcesses(join(here, 'engine.js'), { workspacePath: path, outputDir });
  } catch (e) {
    return e instanceof EngineStartError ? e.payload : { type: 'internal', message: String(e) };
  }
  const previous = engine;
  engine = next;
  workspacePath = path;
  for (const f of approvals.all()) next.registerFile(f.token, f.path, f.name);
  writeState(app.getPath('userData'), { lastWorkspace: path });
  await previous?.close();
  const info = await next.call('workspace.info', {});
  if (info.ok) setLanguage((info.value as { language: 'zh' | 'en' }).language);
  return null;
}

function setLanguage(next: 'zh' | 'en') {
  lang = next;
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(lang, (a) => void onMenu(a), process.platform === 'darwin', !app.isPackaged)));
}

function sessionInfo() {
  return { workspace: workspacePath };
}

async function chooseWorkspace(create: boolean) {
  if (!window) return { ok: false as const, error: userError('app.no_window', '窗口已关闭。', 'The window is closed.') };
  const zh = lang === 'zh';
  const filters = [{ name: zh ? 'ReconDesk 工作区' : 'ReconDesk workspace', extensions: ['sqlite'] }];
  let path: string | undefined;
  if (create) {
    const r = await dialog.showSaveDialog(window, { title: zh ? '新建工作区' : 'New workspace', defaultPath: zh ? '对账工作区.sqlite' : 'workspace.sqlite', filters });
    path = r.canceled ? undefined : r.filePath;
    if (path && existsSync(path)) {
      return { ok: false as const, error: userError('workspace.exists', `文件已存在：${path}。请用“打开工作区”。`, `File already exists: ${path}. Use Open Workspace.`) };
    }
  } else {
    const r = await dialog.showOpenDialog(window, { title: zh ? '打开工作区' : 'Open workspace', properties: ['openFile'], filters });
    path = r.canceled ? undefined : r.filePaths[0];
  }
  if (!path) return { ok: true as const, value: sessionInfo() };
  const failed = await openEngine(path);
  return failed ? { ok: false as const, error: failed } : { ok: true as const, value: sessionInfo() };
}

function approve(paths: string[]) {
  const chosen = [];
  for (const path of paths) {
    if (!existsSync(path) || !statSync(path).isFile()) continue;
    const f = approvals.approve(path, basename(path), statSync(path).size);
    engine?.registerFile(f.token, f.path, f.name);
    chosen.push({ ref: f.token, name: f.name, size: f.size });
  }
  return chosen;
}

async function onMenu(action: MenuAction) {
  if (!window) return;
  if (action === 'new-workspace' || action === 'open-workspace') {
    const r = await chooseWorkspace(action === 'new-workspace');
    if (r.ok) window.webContents.send(IPC.menu, 'workspace-changed');
    else dialog.showErrorBox('ReconDesk', r.error.type === 'user' ? r.error.message[lang] : r.error.message);
    return;
  }
  if (action === 'about') {
    await dialog.showMessageBox(window, { type: 'info', title: 'ReconDesk', message: `ReconDesk 对账工作台 ${app.getVersion()}` });
    return;
  }
  window.webContents.send(IPC.menu, action);
}

/** Every IPC entry point answers only the app's own frame. */
function trusted<A extends unknown[], R>(fn: (event: IpcMainInvokeEvent, ...args: A) => R) {
  return (event: IpcMainInvokeEvent, ...args: A): R => {
    if (!isTrustedSender(event.senderFrame?.url, appOrigin)) throw new Error('refused: untrusted sender');
    return fn(event, ...args);
  };
}

function registerIpc() {
  ipcMain.handle(IPC.invoke, trusted(async (event, name: unknown, input: unknown, requestId: unknown): Promise<CommandResponse> => {
    if (typeof name !== 'string' || !isCommandName(name)) {
      return { ok: false, error: userError('contract.unknown_command', `未知命令：${String(name)}`, `Unknown command: ${String(name)}`) };
    }
    if (!engine) return { ok: false, error: userError('workspace.none', '还没有打开工作区：请先新建或打开一个。', 'No workspace is open: create or open one first.') };
    const rid = typeof requestId === 'string' ? requestId : undefined;
    const sender = event.sender;
    const result = await engine.call(name, input, {
      onCancelable: (cancel) => rid && calls.set(rid, cancel),
      onProgress: (e) => rid && !sender.isDestroyed() && sender.send(IPC.progress, rid, e),
    });
    if (rid) calls.delete(rid);
    if (name === 'settings.set' && result.ok) setLanguage((result.value as { language: 'zh' | 'en' }).language);
    return result;
  }));
  ipcMain.on(IPC.cancel, (event, requestId: unknown) => {
    if (!isTrustedSender(event.senderFrame?.url, appOrigin)) return;
    calls.get(String(requestId))?.();
  });
  ipcMain.handle(IPC.session, trusted(() => sessionInfo()));
  ipcMain.handle(IPC.newWorkspace, trusted(() => chooseWorkspace(true)));
  ipcMain.handle(IPC.openWorkspace, trusted(() => chooseWorkspace(false)));
  ipcMain.handle(IPC.chooseFiles, trusted(async () => {
    if (!window) return [];
    const r = await dialog.showOpenDialog(window, {
      title: lang === 'zh' ? '选择账单文件' : 'Choose bill files',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: lang === 'zh' ? '账单' : 'Bills', extensions: ['csv', 'txt', 'tsv', 'xlsx', 'xls', 'zip'] }, { name: '*', extensions: ['*'] }],
    });
    return r.canceled ? [] : approve(r.filePaths);
  }));
  ipcMain.handle(IPC.droppedFiles, trusted((_e, paths: unknown) => (Array.isArray(paths) ? approve(paths.filter((p): p is string => typeof p === 'string')) : [])));
  ipcMain.handle(IPC.printToPdf, trusted(async (event, name: unknown) => {
    if (!window) return false;
    // Chromium renders the page with print media: the statement sheet the renderer just laid out.
    const pdf = await event.sender.printToPDF({ printBackground: true, pageSize: 'A4' });
    const r = await dialog.showSaveDialog(window, { defaultPath: safeFileName(String(name)), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
    if (r.canceled || !r.filePath) return false;
    writeFileSync(r.filePath, pdf);
    return true;
  }));
  ipcMain.handle(IPC.saveOutput, trusted(async (_e, id: unknown, name: unknown) => {
    const out = engine?.output(String(id));
    if (!out || !window) return false;
    const r = await dialog.showSaveDialog(window, { defaultPath: out.name || String(name) });
    if (r.canceled || !r.filePath) return false;
    copyFileSync(out.path, r.filePath);
    return true;
  }));
}

function serveApp() {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererRoot, request.url, join, sep);
    if (!file || !existsSync(file)) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function createWindow() {
  window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'ReconDesk 对账工作台',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  hardenWebContents(window.webContents, appOrigin);
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = null;
  });
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

app.on('second-instance', () => {
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

// No other webContents (webviews, popups) may ever be created with weaker settings.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _p, cb) => cb(false));
  serveApp();
  registerIpc();
  setLanguage('zh');
  const last = readState(app.getPath('userData')).lastWorkspace;
  if (last && existsSync(last)) await openEngine(last);
  createWindow();
}).catch((e: unknown) => {
  dialog.showErrorBox('ReconDesk', String(e));
  app.quit();
});

app.on('window-all-closed', () => app.quit());

app.on('will-quit', (event) => {
  if (!engine) return;
  event.preventDefault();
  const closing = engine;
  engine = null;
  void closing.close().finally(() => {
    rmSync(outputDir, { recursive: true, force: true });
    app.quit();
  });
});
