// The desktop window's security settings, tested without the Electron binary (reliability.md d3).
import { join, sep } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  hardenWebContents,
  isAllowedNavigation,
  isTrustedSender,
  permissionCheckHandler,
  permissionRequestHandler,
  resolveAppFile,
  secureWebPreferences,
  type HardenableContents,
} from '../../electron/main/security';

describe('window web preferences', () => {
  it('isolates the renderer from Node and the preload', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, experimentalFeatures: false, navigateOnDragDrop: false });
    expect(prefs.preload).toBe('/app/preload/index.cjs');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('content security policy', () => {
  it('allows only the app itself and no inline or eval code', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }));
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('navigation', () => {
  it('stays inside the app origin', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#/settings`)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'app://recondesk.evil.com/index.html',
    'app://recondesk@evil.com/',
    'app://user:pw@recondesk/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://recondesk/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('compares a dev-server origin exactly, port included', () => {
    expect(isAllowedNavigation('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173.evil.com/', 'http://localhost:5173')).toBe(false);
  });
});

describe('hardening a window', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    const contents = {
      on: (name: string, l: (event: { preventDefault(): void }, url: string) => void) => listeners.set(name, l),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
        openHandler = h;
      },
      session,
    } as unknown as HardenableContents;
    return { contents, listeners, session, open: (url: string) => openHandler?.({ url }) };
  }

  function fire(listener: ((event: { preventDefault(): void }, url: string) => void) | undefined, url: string): boolean {
    let prevented = false;
    listener?.({ preventDefault: () => { prevented = true; } }, url);
    return prevented;
  }

  it('blocks foreign navigation, redirects, webviews, new windows and permissions', () => {
    const f = fakeContents();
    hardenWebContents(f.contents);
    expect(fire(f.listeners.get('will-navigate'), 'https://evil.example/')).toBe(true);
    expect(fire(f.listeners.get('will-navigate'), `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(fire(f.listeners.get('will-redirect'), 'https://evil.example/')).toBe(true);
    expect(fire(f.listeners.get('will-attach-webview'), '')).toBe(true);
    expect(f.open('https://example.com/')).toEqual({ action: 'deny' });
    expect(f.open(`${APP_ORIGIN}/index.html`)).toEqual({ action: 'deny' });
    expect(f.session.setPermissionRequestHandler).toHaveBeenCalledWith(permissionRequestHandler);
    expect(f.session.setPermissionCheckHandler).toHaveBeenCalledWith(permissionCheckHandler);
  });

  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      permissionRequestHandler(null, p, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(permissionCheckHandler()).toBe(false);
  });
});

describe('IPC senders', () => {
  it('answers only the app frame', () => {
    expect(isTrustedSender(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isTrustedSender('https://evil.example/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('app:// file serving', () => {
  const root = join(sep, 'opt', 'recondesk', 'renderer');
  it('maps app URLs under the renderer folder', () => {
    expect(resolveAppFile(root, `${APP_ORIGIN}/`, join, sep)).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, `${APP_ORIGIN}/assets/index.js`, join, sep)).toBe(join(root, 'assets', 'index.js'));
  });
  it.each([`${APP_ORIGIN}/../secret.txt`, `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`])('keeps %s inside the renderer folder', (url) => {
    const file = resolveAppFile(root, url, join, sep);
    expect(file === null || file.startsWith(root + sep)).toBe(true);
  });
  it.each([
    `${APP_ORIGIN}/assets/..%2f..%2fmain/index.js`,
    `${APP_ORIGIN}/assets/..%5c..%5cmain%5cindex.js`,
    'app://other/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url, join, sep)).toBeNull();
  });
});
