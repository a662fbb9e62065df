import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/**
 * The folder ReconDesk is installed in (where its package.json is), found from this module's own
 * place: the sources (electron/cli/) and the compiled command line (dist-node/cli.js) sit at different
 * depths below it, so a fixed `../..` would be right for only one of them.
 */
export function installDir(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  found = dir;
  return dir;
}
