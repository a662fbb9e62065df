#!/usr/bin/env node
// Compiles what runs on plain Node — the command line, the engine's worker threads and the benches —
// from the TypeScript sources into dist-node/, one JavaScript bundle per entry point, so that nothing
// transforms TypeScript at run time. `npm install` runs it (the "prepare" script), vitest runs it once
// before the tests (test/build-node.ts) and `npm run bench` before measuring.
//
// Each bundle holds every source file its entry reaches through imports, so new modules and CLI
// commands are picked up without being listed here. Packages from node_modules stay imports
// (better-sqlite3 is native; the others load as they are). Code that looks for files next to itself
// must therefore work from dist-node/ as well as from its source folder: the worker files are found
// by name beside the bundle (electron/engine/host/thread.ts, electron/engine/import/parallel.ts), the
// install folder through electron/cli/install-dir.ts.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist-node');

/** The programs; each name is the file written in dist-node/ (the workers' names are what the loaders look for). */
const entryPoints = {
  cli: 'electron/cli/main.ts',
  'engine-worker': 'electron/engine/host/worker.ts',
  'import-worker': 'electron/engine/import/parse-worker.ts',
};
// Every bench script, whatever its name (`npm run bench` runs dist-node/bench/run.js).
for (const f of readdirSync(join(root, 'bench'))) {
  if (f.endsWith('.ts')) entryPoints[`bench/${f.slice(0, -3)}`] = `bench/${f}`;
}

// The runtime packages are bundled too: one file loads far faster than a package made of many small
// modules (zod). Not bundled: better-sqlite3 (a native addon that finds its binary beside itself) and
// the development tools the benches use (vite, playwright-core), which stay in node_modules.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = ['better-sqlite3', ...Object.keys(pkg.devDependencies ?? {})];

const started = performance.now();
const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  external,
  sourcemap: 'linked',
  // Keeps names in stack traces of internal errors readable.
  minify: false,
  logLevel: 'warning',
  metafile: true,
  // CommonJS packages bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __recondeskRequire } from 'node:module'; const require = __recondeskRequire(import.meta.url);" },
});
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
console.log(`dist-node: ${files.length} bundles from ${Object.keys(result.metafile.inputs).length} source files in ${Math.round(performance.now() - started)} ms`);
