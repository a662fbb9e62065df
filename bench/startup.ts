// Start-up of the command line (`npm run bench -- startup`): `recondesk --help` and `recondesk report` on
// the demo workspace, each beside `node -e 0` (Node's own start, the floor), runs interleaved so that the
// machine's load weighs on all three alike. Figures are medians of RUNS runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installDir } from '../electron/cli/install-dir';

const RUNS = 15;
const BIN = join(installDir(), 'bin', 'recondesk.js');

function timed(args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'recondesk-bench-startup-'));
try {
  const ws = join(dir, 'demo.sqlite');
  timed([BIN, 'demo', '--workspace', ws]);
  const cases = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'recondesk --help', args: [BIN, '--help'], target: 3 },
    { label: 'recondesk report (demo workspace)', args: [BIN, 'report', '--period', '2026-10', '--workspace', ws], target: 5 },
  ];
  // One run each first: the compile cache is filled as after any first use.
  for (const c of cases) timed(c.args);
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r < RUNS; r++) cases.forEach((c, i) => times[i]!.push(timed(c.args)));
  const floor = median(times[0]!);
  let missed = 0;
  cases.forEach((c, i) => {
    const ms = median(times[i]!);
    if (c.target === undefined) {
      console.log(`    ${c.label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  (the floor)`);
      return;
    }
    const ratio = ms / floor;
    if (ratio > c.target) missed++;
    console.log(`${ratio <= c.target ? 'OK ' : 'MISS'} ${c.label.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms  ÷ floor ${ratio.toFixed(1)}  target ≤ ${c.target}`);
  });
  process.exitCode = missed > 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
