// `npm start` (electron-vite dev) and `npm run dist` (electron-vite build): main + the engine's utility
// process entry, the sandboxed preload (CommonJS, everything bundled: a sandboxed preload cannot
// require node_modules), and the renderer.
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/** Vite's dev server injects an inline React-refresh preamble and talks over a websocket; the dev
 *  build relaxes the page CSP for exactly that. Production keeps the strict policy of index.html. */
function devCsp(): Plugin {
  return {
    name: 'recondesk-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
  };
}

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          engine: resolve(root, 'electron/engine/host/process.ts'),
          'engine-worker': resolve(root, 'electron/engine/host/worker.ts'),
          // The parse worker of big imports (electron/engine/import/parallel.ts looks for it by this name).
          'import-worker': resolve(root, 'electron/engine/import/parse-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [react(), devCsp()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
