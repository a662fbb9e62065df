import { toErrorPayload, UserError } from '../engine/errors';
import { ArgError } from './args';
import { COMMANDS } from './commands';
import { makeContext, type CliCommand, type CliIO } from './context';

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Finds the longest command name that prefixes argv ("profile list" before "profile"). */
function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | undefined {
  const words = argv.filter((a) => !a.startsWith('--'));
  for (let n = Math.min(2, words.length); n >= 1; n--) {
    const name = words.slice(0, n).join(' ');
    const command = COMMANDS.find((c) => c.name === name);
    if (command) {
      const rest = [...argv];
      for (const w of words.slice(0, n)) rest.splice(rest.indexOf(w), 1);
      return { command, rest };
    }
  }
  return undefined;
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
  const lang = argv.includes('en') && argv.some((a) => a === '--lang' || a === '--lang=en') ? 'en' : (env.RECONDESK_LANG === 'en' ? 'en' : 'zh');
  const found = findCommand(argv);
  if (!found) {
    const asked = argv.length === 0 || argv.includes('--help') || argv[0] === 'help';
    for (const line of usage(lang)) (asked ? io.out : io.err)(line);
    if (!asked) io.err(lang === 'zh' ? `未知命令：${argv.join(' ')}` : `Unknown command: ${argv.join(' ')}`);
    return asked ? 0 : 2;
  }
  let ctx;
  try {
    ctx = makeContext(found.rest, found.command.options ?? {}, io, env);
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
    const payload = toErrorPayload(e);
    // Four eyes: the decision was filed for a second operator; nothing failed.
    if (e instanceof UserError && e.key === 'approval.requested') {
      io.out(ctx?.json ? JSON.stringify({ approvalRequested: e.details }) : (l === 'zh' ? e.zh : e.en));
      return 0;
    }
    if (ctx?.json) io.out(JSON.stringify({ error: payload }));
    if (e instanceof UserError) io.err((l === 'zh' ? '错误：' : 'Error: ') + (l === 'zh' ? e.zh : e.en));
    else io.err((l === 'zh' ? '内部错误：' : 'Internal error: ') + payload.message);
    return 1;
  } finally {
    ctx?.dispose();
  }
}
