// Everything that decides what the window may do, as plain functions so tests can check them without
// the Electron binary (reliability.md d3; Electron's security checklist).
import type { WebPreferences } from 'electron';

/** The renderer is served from a custom protocol, never file:// (checklist: prefer custom protocols). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'recondesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  };
}

/**
 * The app's own origin, compared exactly after parsing: `app://recondesk.evil.com` or
 * `app://recondesk@evil.com` must not pass, which a startsWith check would allow.
 */
export function isAppUrl(url: string, allowedOrigin: string = APP_ORIGIN): boolean {
  let parsed: URL;
  let allowed: URL;
  try {
    parsed = new URL(url);
    allowed = new URL(allowedOrigin);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  // Custom schemes have an opaque origin ("null") in WHATWG URL, so compare the parts.
  return parsed.protocol === allowed.protocol && parsed.host === allowed.host;
}

/** will-navigate: only within the app itself (hash routes, reloads). Everything else is refused. */
export function isAllowedNavigation(url: string, allowedOrigin: string = APP_ORIGIN): boolean {
  return isAppUrl(url, allowedOrigin);
}

/** The app asks for no permission at all: camera, notifications, clipboard-read … are all denied. */
export function permissionRequestHandler(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function permissionCheckHandler(): boolean {
  return false;
}

/** Minimal surface of webContents the hardening needs (lets tests pass a fake). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url?: string }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: {
    setPermissionRequestHandler(handler: typeof permissionRequestHandler): void;
    setPermissionCheckHandler(handler: typeof permissionCheckHandler): void;
  };
}

/** Applies every per-window rule: no foreign navigation, no new windows, no webviews, no permissions. */
export function hardenWebContents(contents: HardenableContents, allowedOrigin: string = APP_ORIGIN): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAllowedNavigation(url, allowedOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler(permissionRequestHandler);
  contents.session.setPermissionCheckHandler(permissionCheckHandler);
}

/** IPC is answered only for the app's own top frame (checklist: validate the sender of every message). */
export function isTrustedSender(frameUrl: string | undefined, allowedOrigin: string = APP_ORIGIN): boolean {
  return frameUrl !== undefined && isAppUrl(frameUrl, allowedOrigin);
}

/** Maps an app:// request path to a file under the renderer folder, refusing `..` and encoded escapes. */
export function resolveAppFile(root: string, requestUrl: string, join: (...parts: string[]) => string, sep: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (!isAppUrl(requestUrl)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const rel = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  if (rel.split(/[\\/]/).some((part) => part === '..') || rel.includes('\0')) return null;
  const full = join(root, rel);
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}
