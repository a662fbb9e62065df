// Shared by the benches: run a measured step in a child process and read its wall time and peak RSS.
import { spawnSync } from 'node:child_process';

export interface Measurement {
  label: string;
  seconds: number;
  peakRssMb: number;
  output: string;
}

/**
 * Node's arguments to run a bench script: the compiled one as it is (`npm run bench` runs dist-node/bench/),
 * a TypeScript source through tsx (`node --import tsx bench/x.ts`, while working on a bench).
 */
export function scriptArgs(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
}

/**
 * Runs `node <script> ...args` and expects the child to print, as its last line, a JSON object
 * {seconds, peakRssMb, ...extra}. The child measures itself (process.resourceUsage().maxRSS) so the
 * parent's memory is never counted.
 */
export function measureInChild(label: string, script: string, args: string[], options: { maxOldSpaceMb?: number } = {}): Measurement & Record<string, unknown> {
  const execArgv: string[] = [];
  if (options.maxOldSpaceMb) execArgv.unshift(`--max-old-space-size=${options.maxOldSpaceMb}`);
  const r = spawnSync(process.execPath, [...execArgv, ...scriptArgs(script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${label} failed (${r.status ?? r.signal}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  const result = JSON.parse(lines[lines.length - 1]!) as { seconds: number; peakRssMb: number } & Record<string, unknown>;
  return { label, output: lines.slice(0, -1).join('\n'), ...result };
}

/** Call at the end of a measured child: prints the JSON line measureInChild reads. */
export function reportFromChild(startedAt: number, extra: Record<string, unknown> = {}, endedAt = performance.now()): void {
  const seconds = (endedAt - startedAt) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ seconds: Math.round(seconds * 1000) / 1000, peakRssMb: Math.round(peakRssMb), ...extra }));
}

export function printRow(label: string, m: { seconds: number; peakRssMb: number }, target?: { seconds: number; mb: number }): void {
  const verdict = target ? (m.seconds <= target.seconds && m.peakRssMb <= target.mb ? 'OK ' : 'MISS') : '   ';
  const t = target ? `  target < ${target.seconds} s, < ${target.mb} MB` : '';
  console.log(`${verdict} ${label.padEnd(48)} ${m.seconds.toFixed(2).padStart(7)} s ${String(m.peakRssMb).padStart(6)} MB${t}`);
}
