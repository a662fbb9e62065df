import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../../engine/errors';
import type { CliCommand, CliContext } from '../context';
import { installDir } from '../install-dir';
// A cycle (main → commands → demo → main) that is safe: `main` is only called when the demo runs. A
// static import keeps the compiled bundle free of lazy module wrappers, which start slower.
import { main } from '../main';

/** The built-in demo month: two channel bills per month and the in-house export, as users receive them. */
const DEMO_DIR = join(installDir(), 'demo');
const DEMO_PERIODS = ['2026-09', '2026-10'];

/** Only a workspace that `demo` itself made is ever replaced. */
function isDemoWorkspace(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare("SELECT value FROM settings WHERE key = 'demo'").get() as { value: string } | undefined;
      return row?.value === '1';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/**
 * Builds a workspace from the demo data through the same commands a user types, so what it prints is
 * exactly what the product does: init, channels, the in-house profile, every import, the match, the report.
 */
const demo: CliCommand = {
  name: 'demo',
  usage: 'demo [--workspace FILE] [--force]',
  summary: { zh: '用内置示例数据建立演示工作区并完成对账（已存在时须加 --force 重建）', en: 'Build a demo workspace from the built-in sample month and reconcile it (--force to rebuild an existing one)' },
  options: { force: { flag: true } },
  async run(ctx: CliContext) {
    const path = ctx.args.options.get('workspace')?.[0] ?? 'recondesk-demo.sqlite';
    // Never deleted silently: an existing file is refused unless --force, and only a demo workspace is
    // ever replaced, even with --force.
    if (existsSync(path)) {
      if (!isDemoWorkspace(path)) {
        throw new UserError('demo.workspace_exists', `${path} 已存在且不是演示工作区，未做任何改动。请用 --workspace 指定新文件。`, `${path} exists and is not a demo workspace; nothing was changed. Name a new file with --workspace.`);
      }
      if (!ctx.args.flags.has('force')) {
        throw new UserError('demo.exists', `演示工作区 ${path} 已存在，未做任何改动。加 --force 删除后重建，或用 --workspace 指定新文件。`, `The demo workspace ${path} already exists; nothing was changed. Add --force to delete and rebuild it, or name a new file with --workspace.`, { path });
      }
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      ctx.io.out(ctx.t(`已删除原演示工作区 ${path}（--force），重新建立。`, `Deleted the previous demo workspace ${path} (--force); building it again.`));
    }
    const samples = join(DEMO_DIR, 'samples');
    const files = readdirSync(samples).filter((f) => /\.(csv|zip)$/i.test(f)).sort();
    const channelBills = files.filter((f) => !f.startsWith('inhouse_')).map((f) => join(samples, f));
    const inhouse = files.filter((f) => f.startsWith('inhouse_')).map((f) => join(samples, f));
    const common = ['--workspace', path, '--lang', ctx.lang, ...(ctx.json ? ['--json'] : [])];
    const steps: { title: [string, string]; argv: string[] }[] = [
      { title: ['新建工作区', 'Create the workspace'], argv: ['init', path, '--operator', 'demo'] },
      { title: ['添加渠道：支付宝', 'Add channel: Alipay'], argv: ['channel', 'add', 'alipay', '--name', '支付宝', '--alias', '支付宝', '--tz', 'Asia/Shanghai'] },
      { title: ['添加渠道：微信支付', 'Add channel: WeChat Pay'], argv: ['channel', 'add', 'wechat', '--name', '微信支付', '--alias', '微信支付', '--tz', 'Asia/Shanghai'] },
      { title: ['添加自有订单导出的导入模板', 'Add the import profile of the in-house export'], argv: ['profile', 'add', join(DEMO_DIR, 'profiles', 'inhouse.json')] },
      { title: ['导入渠道账单', 'Import the channel bills'], argv: ['import', ...channelBills] },
      { title: ['导入自有订单导出', 'Import the in-house export'], argv: ['import', ...inhouse, '--internal'] },
      ...DEMO_PERIODS.map((p) => ({ title: [`勾对 ${p}`, `Match ${p}`] as [string, string], argv: ['match', '--period', p] })),
      ...DEMO_PERIODS.map((p) => ({ title: [`对账报告 ${p}`, `Report ${p}`] as [string, string], argv: ['report', '--period', p] })),
    ];
    for (const step of steps) {
      ctx.io.out('');
      ctx.io.out(`== ${ctx.t(...step.title)}: recondesk ${step.argv.map((a) => (a.includes(DEMO_DIR) ? a.slice(DEMO_DIR.length + 1) : a)).join(' ')}`);
      const argv = step.argv[0] === 'init' ? [...step.argv, '--lang', ctx.lang] : [...step.argv, ...common];
      const code = await main(argv, ctx.io);
      if (code !== 0) return code;
      if (step.argv[0] === 'init') {
        const db = new Database(path);
        db.prepare("INSERT INTO settings (key, value) VALUES ('demo', '1')").run();
        db.close();
      }
    }
    ctx.io.out('');
    ctx.io.out(ctx.t(
      `演示工作区已就绪：${path}\n  查看差错：npx recondesk diffs --channel alipay --period 2026-10 --workspace ${path}\n  在浏览器中打开：npm run serve -- --workspace ${path}`,
      `Demo workspace ready: ${path}\n  Differences: npx recondesk diffs --channel alipay --period 2026-10 --workspace ${path}\n  Open in the browser: npm run serve -- --workspace ${path}`,
    ));
  },
};

export const demoCommands: CliCommand[] = [demo];
