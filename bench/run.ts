// `npm run bench` (`npm run bench -- month startup` for some): runs each area's benchmark in its own
// process, one after another, so that one bench's memory never inflates another's peak RSS. Each bench
// prints its own figures beside their floors and targets. `npm run bench` runs the compiled benches
// (dist-node/bench/, built just before); each runs the next as it itself runs (compiled or through tsx).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptArgs } from './measure';

const self = fileURLToPath(import.meta.url);
const here = dirname(self);
const only = process.argv.slice(2);
const benches = ['month', 'import', 'match', 'statement', 'startup', 'ui', 'risk', 'receivables'].filter((b) => only.length === 0 || only.includes(b));

console.log(`node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (the ratios compare figures measured side by side in this run)`);
let failed = 0;
for (const name of benches) {
  const file = join(here, `${name}${extname(self)}`);
  if (!existsSync(file)) continue;
  console.log(`\n=== bench: ${name} ===`);
  const r = spawnSync(process.execPath, scriptArgs(file), { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`bench ${name} exited with ${r.status ?? r.signal}`);
  }
}
console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exitCode = failed > 0 ? 1 : 0;
