// `npm run bench`: runs each area's benchmark in its own process, one after another, so that one
// bench's memory never inflates another's peak RSS. Each bench prints its own figures and targets.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = ['import', 'match', 'statement', 'ui', 'risk', 'receivables'].filter((b) => only.length === 0 || only.includes(b));

let failed = 0;
for (const name of benches) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) continue;
  console.log(`\n=== bench: ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`bench ${name} exited with ${r.status ?? r.signal}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
