import type { Lang } from '../../shared/errors';
import { UserError } from '../engine/errors';
import { checkAuditChain } from '../engine/workspace/audit';
import { openWorkspace, type Workspace } from '../engine/workspace/db';
import { brokenChainWarning } from './commands/audit';
import { ArgError, opt, parseArgs, type OptionSpec, type ParsedArgs } from './args';

/** Options every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  workspace: {},
  lang: {},
  json: { flag: true },
  help: { flag: true },
};

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Reads a secret (the SMTP password) from standard input; prompts without echo on a terminal. */
  readSecret?: (prompt: string) => Promise<string>;
}

export interface CliContext {
  args: ParsedArgs;
  lang: Lang;
  json: boolean;
  io: CliIO;
  /**
   * Opens the workspace named by --workspace / RECONDESK_WORKSPACE, which must exist (only `init`
   * creates one); read-only for a command that only reads.
   */
  workspace(): Workspace;
  workspacePath(): string;
  /** Picks the sentence for the current UI language. */
  t(zh: string, en: string): string;
  /** Prints a result: JSON when --json, else the human lines. */
  print(json: unknown, human: () => string[]): void;
  /** Closes the workspace if the command opened it. */
  dispose(): void;
}

export interface CliCommand {
  /** e.g. "import" or "profile list" */
  name: string;
  summary: { zh: string; en: string };
  usage: string;
  options?: Record<string, OptionSpec>;
  /** 'read': the command never writes the workspace, so it opens it read-only and works on a read-only file. */
  access?: 'read';
  run(ctx: CliContext): Promise<number | void> | number | void;
}

export const DEFAULT_WORKSPACE = 'recondesk.sqlite';

export function makeContext(argv: string[], command: Pick<CliCommand, 'options' | 'access'>, io: CliIO, env: NodeJS.ProcessEnv): CliContext {
  const args = parseArgs(argv, { ...COMMON_OPTIONS, ...command.options });
  const langOpt = opt(args, 'lang') ?? env.RECONDESK_LANG ?? 'zh';
  if (langOpt !== 'zh' && langOpt !== 'en') throw new ArgError(`--lang must be zh or en`);
  const lang: Lang = langOpt;
  const json = args.flags.has('json');
  let ws: Workspace | undefined;
  const workspacePath = () => opt(args, 'workspace') ?? env.RECONDESK_WORKSPACE ?? DEFAULT_WORKSPACE;
  return {
    args,
    lang,
    json,
    io,
    workspacePath,
    workspace() {
      if (!ws) {
        ws = openWorkspace(workspacePath(), { readonly: command.access === 'read' });
        // A workspace whose history does not verify says so on every command, on stderr.
        const broken = checkAuditChain(ws.db).brokenAt;
        if (broken) io.err(brokenChainWarning({ t: (zh, en) => (lang === 'zh' ? zh : en) }, broken));
      }
      return ws;
    },
    t: (zh, en) => (lang === 'zh' ? zh : en),
    print(value, human) {
      if (json) io.out(JSON.stringify(value, null, 2));
      else for (const line of human()) io.out(line);
    },
    dispose() {
      ws?.db.close();
      ws = undefined;
    },
  };
}

export function requirePositional(ctx: CliContext, index: number, what: string): string {
  const v = ctx.args.positionals[index];
  if (v === undefined) throw new UserError('cli.missing_argument', `缺少参数：${what}`, `Missing argument: ${what}`);
  return v;
}
