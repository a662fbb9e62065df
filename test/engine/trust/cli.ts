import { main } from '../../../electron/cli/main';

export interface CliRun { code: number; out: string; err: string }

/** Runs one CLI invocation on a workspace file and collects what it printed. */
export async function runCli(workspace: string, ...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--workspace', workspace], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}
