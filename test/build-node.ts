// Vitest global setup: the tests run the TypeScript sources, but the ones that start `bin/recondesk.js`
// run the compiled command line, so it is compiled once from the current sources before any test.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function buildNode(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build-node.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
