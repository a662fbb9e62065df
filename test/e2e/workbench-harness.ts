// Shared by the workbench e2e test and bench/ui.ts: the renderer built into a private folder, a workspace
// prepared by the engine itself (the import screens have their own e2e test), `recondesk serve`'s server
// on it, and headless Chromium on the page. Same launch settings as test/e2e/browser-mode.test.ts.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { installDir } from '../../electron/cli/install-dir';
import { startServer, type RunningServer } from '../../electron/serve/server';
import type { CommandInput, CommandName, CommandOutput } from '../../shared/contract';

export const CHROMIUM = '/usr/bin/chromium';
// Also right when bench/ui.ts runs compiled from dist-node/bench/.
export const ROOT = installDir();
export const SHOTS = join(ROOT, 'test-results/screenshots');
export const hasChromium = existsSync(CHROMIUM);

export interface Workbench {
  dir: string;
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** Errors the page logged or threw; a test asserts there are none. */
  pageErrors: string[];
  /** The contract over the same HTTP front door the page uses (for checking what the UI did). */
  api<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the renderer, lets `prepare` fill a fresh workspace file, serves it and opens the page. */
export async function startWorkbench(prepare: (workspacePath: string) => void | Promise<void>, options: { viewport?: { width: number; height: number } } = {}): Promise<Workbench> {
  const dir = mkdtempSync(join(tmpdir(), 'recondesk-wb-'));
  mkdirSync(SHOTS, { recursive: true });
  const rendererDir = join(dir, 'renderer');
  const workspaces = join(dir, 'workspaces');
  mkdirSync(workspaces);
  const workspacePath = join(workspaces, 'workbench.sqlite');
  await prepare(workspacePath);
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir: rendererDir, emptyOutDir: true } });
  const server = await startServer({ workspaceDir: workspaces, rendererDir, workspacePath });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  page.setDefaultTimeout(20_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`${m.text()} (${m.location().url}:${m.location().lineNumber})`);
  });
  await page.goto(server.url);
  await page.getByRole('navigation').waitFor();

  return {
    dir,
    server,
    browser,
    page,
    pageErrors,
    async api(name, input) {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-recondesk-token': server.token },
        body: JSON.stringify({ command: name, input }),
      });
      const body = (await res.json()) as { ok: true; value: unknown } | { ok: false; error: unknown };
      if (!body.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
      return body.value as CommandOutput<typeof name>;
    },
    async shot(name) {
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
