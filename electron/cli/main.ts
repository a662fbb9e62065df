import { toErrorPayload, UserError } from '../engine/errors';
import { ArgError } from './args';
import { COMMANDS } from './commands';
import { COMMON_OPTIONS, makeContext, type CliCommand, type CliIO } from './context';
import { readSecretFromStdin } from './secret-input';

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  readSecret: readSecretFromStdin,
};

/** The common options that take a value: they may stand before the command ("--lang en import …"). */
const COMMON_VALUE_OPTIONS = new Set(Object.entries(COMMON_OPTIONS).filter(([, spec]) => !spec.flag).map(([name]) => `--${name}`));

/**
 * Finds the longest command name among the first words of argv ("profile list" before "profile").
 * Options and the values of the common options are not words, wherever they stand.
 */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const words: number[] = [];
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    if (!argv[i]!.startsWith('--')) words.push(i);
    else if (COMMON_VALUE_OPTIONS.has(argv[i]!)) i++;
  }
  for (let n = Math.min(2, words.length); n >= 1; n--) {
    const taken = new Set(words.slice(0, n));
    const command = COMMANDS.find((c) => c.name === [...taken].map((i) => argv[i]).join(' '));
    if (command) return { command, rest: argv.filter((_, i) => !taken.has(i)) };
  }
  return undefined;
}

/** The language asked for before the arguments are parsed (for usage and argument errors). */
function requestedLang(argv: string[], env: NodeJS.ProcessEnv): 'zh' | 'en' {
  const i = argv.indexOf('--lang');
  const asked = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return (asked ?? env.RECONDESK_LANG) === 'en' ? 'en' : 'zh';
}

function usage(lang: 'zh' | 'en'): string[] {
  const lines = [lang === 'zh' ? 'ReconDesk 对账工作台 — 用法: recondesk <命令> [选项]' : 'ReconDesk — usage: recondesk <command> [options]', ''];
  for (const c of COMMANDS) lines.push(`  ${c.usage.padEnd(64)} ${c.summary[lang]}`);
  lines.push('');
  lines.push(lang === 'zh'
    ? '通用选项: --workspace FILE（或环境变量 RECONDESK_WORKSPACE）, --lang zh|en, --json'
    : 'Common options: --workspace FILE (or RECONDESK_WORKSPACE), --lang zh|en, --json');
  return lines;
}

/** Runs one CLI invocation; returns the exit code. Errors end in one line on stderr. */
export async function main(argv: string[], io: CliIO = defaultIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const lang = requestedLang(argv, env);
  const found = findCommand(argv);
  if (!found) {
    const asked = argv.length === 0 || argv.includes('--help') || argv[0] === 'help';
    for (const line of usage(lang)) (asked ? io.out : io.err)(line);
    if (!asked) io.err(lang === 'zh' ? `未知命令：${argv.join(' ')}` : `Unknown command: ${argv.join(' ')}`);
    return asked ? 0 : 2;
  }
  let ctx;
  try {
    ctx = makeContext(found.rest, found.command, io, env);
    if (ctx.args.flags.has('help')) {
      io.out(`recondesk ${found.command.usage}`);
      io.out(found.command.summary[ctx.lang]);
      return 0;
    }
    const code = await found.command.run(ctx);
    return code ?? 0;
  } catch (e) {
    const l = ctx?.lang ?? lang;
    if (e instanceof ArgError) {
      io.err((l === 'zh' ? '参数错误：' : 'Usage error: ') + e.message + ` — recondesk ${found.command.usage}`);
      return 2;
    }
    // A lock, a full disk or a read-only file is said in words (engine/errors.ts), naming the workspace.
    const payload = toErrorPayload(e, ctx?.workspacePath());
    // Four eyes: the decision was filed for a second operator; nothing failed.
    if (e instanceof UserError && e.key === 'approval.requested') {
      io.out(ctx?.json ? JSON.stringify({ approvalRequested: e.details }) : (l === 'zh' ? e.zh : e.en));
      return 0;
    }
    if (ctx?.json) io.out(JSON.stringify({ error: payload }));
    if (payload.type === 'user') io.err((l === 'zh' ? '错误：' : 'Error: ') + payload.message[l]);
    else io.err((l === 'zh' ? '内部错误：' : 'Internal error: ') + payload.message);
    return 1;
  } finally {
    ctx?.dispose();
  }
}
