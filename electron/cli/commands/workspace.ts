import { formatMoney } from '../../../shared/money';
import { listChannels, saveChannel } from '../../engine/channels';
import { checkDefaultProfile, setChannelDefaultProfile } from '../../engine/import/channel-profiles';
import { UserError } from '../../engine/errors';
import { appendAudit } from '../../engine/workspace/audit';
import { backupWorkspace } from '../../engine/workspace/backup';
import { createWorkspace, schemaVersion, setSetting } from '../../engine/workspace/db';
import { opt, optList } from '../args';
import { requirePositional, type CliCommand } from '../context';

const init: CliCommand = {
  name: 'init',
  usage: 'init FILE',
  summary: { zh: '新建工作区文件', en: 'Create a workspace file' },
  options: { operator: {} },
  run(ctx) {
    const path = ctx.args.positionals[0] ?? ctx.workspacePath();
    const ws = createWorkspace(path);
    try {
      const operator = opt(ctx.args, 'operator');
      if (operator) setSetting(ws.db, 'operator', operator);
      appendAudit(ws.db, { action: 'workspace.init', subject: path, after: { schema: schemaVersion(ws.db) } });
      ctx.print({ workspace: path, schema: schemaVersion(ws.db) }, () => [ctx.t(`已创建工作区 ${path}`, `Created workspace ${path}`)]);
    } finally {
      ws.db.close();
    }
  },
};

const backup: CliCommand = {
  name: 'backup',
  usage: 'backup FILE',
  summary: { zh: '用 SQLite 备份接口备份工作区', en: 'Back up the workspace through SQLite\'s backup API' },
  async run(ctx) {
    const target = requirePositional(ctx, 0, 'FILE');
    const result = await backupWorkspace(ctx.workspace().db, target);
    ctx.print(result, () => [ctx.t(`已备份到 ${result.path}（${result.pages} 页，完整性检查通过）`, `Backed up to ${result.path} (${result.pages} pages, integrity check passed)`)]);
  },
};

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UserError('cli.bad_number', `--${name} 应为非负整数：${value}`, `--${name} must be a non-negative integer: ${value}`);
  return Number(value);
}

/** Tolerances are typed in the channel's major unit ("1.00") and stored in minor units. */
function moneyOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) throw new UserError('cli.bad_amount', `--${name} 应为金额，如 1.00：${value}`, `--${name} must be an amount such as 1.00: ${value}`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

const channelAdd: CliCommand = {
  name: 'channel add',
  usage: 'channel add ID --name NAME [--alias A …] [--tz ZONE] [--currency CNY] [--tolerance 1.00] [--cap 100.00] [--cap-bps N] [--cutoff-minutes 10] [--manual] [--profile PROFILE]',
  summary: { zh: '添加或修改渠道', en: 'Add or change a channel' },
  options: {
    name: {}, alias: { multiple: true }, tz: {}, currency: {}, tolerance: {}, cap: {}, 'cap-bps': {}, 'cutoff-minutes': {},
    manual: { flag: true }, cycle: {}, profile: {},
  },
  run(ctx) {
    const id = requirePositional(ctx, 0, 'ID');
    const ws = ctx.workspace();
    const aliases = optList(ctx.args, 'alias');
    const cutoff = intOption(opt(ctx.args, 'cutoff-minutes'), 'cutoff-minutes');
    const profile = opt(ctx.args, 'profile');
    // Checked before the channel is saved, so a wrong profile changes nothing.
    if (profile !== undefined) checkDefaultProfile(ws.db, profile);
    const channel = saveChannel(ws.db, {
      id,
      name: opt(ctx.args, 'name'),
      aliases: aliases.length > 0 ? aliases : undefined,
      timeZone: opt(ctx.args, 'tz'),
      currency: opt(ctx.args, 'currency')?.toUpperCase(),
      toleranceMinor: moneyOption(opt(ctx.args, 'tolerance'), 'tolerance'),
      periodCapMinor: moneyOption(opt(ctx.args, 'cap'), 'cap'),
      periodCapBps: intOption(opt(ctx.args, 'cap-bps'), 'cap-bps'),
      cutoffSeconds: cutoff === undefined ? undefined : cutoff * 60,
      manualDownload: ctx.args.flags.has('manual') ? true : undefined,
      settlementCycle: opt(ctx.args, 'cycle'),
    });
    if (profile !== undefined) setChannelDefaultProfile(ws.db, channel.id, profile);
    ctx.print(channel, () => [ctx.t(`渠道 ${channel.id}（${channel.name}）已保存`, `Channel ${channel.id} (${channel.name}) saved`)]);
  },
};

const channelList: CliCommand = {
  name: 'channel list',
  usage: 'channel list',
  summary: { zh: '列出渠道', en: 'List channels' },
  access: 'read',
  run(ctx) {
    const channels = listChannels(ctx.workspace().db);
    ctx.print(channels, () => channels.length === 0
      ? [ctx.t('还没有渠道。用 channel add 添加。', 'No channels yet. Add one with channel add.')]
      : channels.map((c) => `${c.id.padEnd(12)} ${c.name.padEnd(10)} ${c.currency} ${c.timeZone.padEnd(16)} ${ctx.t('容差', 'tolerance')} ${formatMoney(c.toleranceMinor, c.currency)}  ${ctx.t('别名', 'aliases')}: ${c.aliases.join(', ') || '-'}${c.manualDownload ? ctx.t('  [手工下载]', '  [manual download]') : ''}`));
  },
};

export const workspaceCommands: CliCommand[] = [init, backup, channelAdd, channelList];
