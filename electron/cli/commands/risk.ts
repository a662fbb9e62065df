import { resolve } from 'node:path';
import type { RiskHitStatus, RiskHitView } from '../../../shared/contract/risk';
import { riskParams } from '../../../shared/contract/risk';
import { PERIOD_PATTERN } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';
import { RISK_IDENTIFIERS, RISK_RULES, RULE_LABEL, type RiskIdentifier, type RiskRule } from '../../../shared/risk';
import { UserError } from '../../engine/errors';
import { addToBlacklist, importBlacklist, listBlacklist } from '../../engine/risk/blacklist';
import { backtest, decideHit, listHits, ruleSettings, screenPeriod, setRule } from '../../engine/risk/screen';
import { opt, optList } from '../args';
import { requirePositional, type CliCommand, type CliContext } from '../context';

function period(ctx: CliContext, name = 'period'): string {
  const v = opt(ctx.args, name);
  if (!v || !PERIOD_PATTERN.test(v)) throw new UserError('cli.bad_period', `--${name} 应为账期 YYYY-MM：${v ?? ''}`, `--${name} takes a period YYYY-MM: ${v ?? ''}`);
  return v;
}

function rule(value: string | undefined): RiskRule {
  const r = RISK_RULES.find((x) => x === value);
  if (!r) throw new UserError('cli.bad_option', `规则应为 ${RISK_RULES.join(' / ')}：${value ?? ''}`, `The rule is one of ${RISK_RULES.join(' / ')}: ${value ?? ''}`);
  return r;
}

function identifierType(value: string | undefined): RiskIdentifier {
  const t = RISK_IDENTIFIERS.find((x) => x === value);
  if (!t) throw new UserError('cli.bad_option', `--type 应为 ${RISK_IDENTIFIERS.join(' / ')}：${value ?? ''}`, `--type is one of ${RISK_IDENTIFIERS.join(' / ')}: ${value ?? ''}`);
  return t;
}

/** `--param maxPerDay=5 --param limit=20000.00`: amounts in major units, the rest whole numbers. */
function params(ctx: CliContext) {
  const out: Record<string, number> = {};
  for (const p of optList(ctx.args, 'param')) {
    const m = /^(maxPerDay|burstCount|windowMinutes|limit|small)=(\d+(?:\.\d{1,2})?)$/.exec(p);
    if (!m) throw new UserError('cli.bad_option', `--param 应为 maxPerDay=N、limit=金额、burstCount=N、small=金额、windowMinutes=N：${p}`, `--param is maxPerDay=N, limit=AMOUNT, burstCount=N, small=AMOUNT or windowMinutes=N: ${p}`);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'limit' || key === 'small') {
      const [whole, frac = ''] = value.split('.');
      out[key === 'limit' ? 'limitMinor' : 'smallMinor'] = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
    } else if (value.includes('.')) throw new UserError('cli.bad_option', `${key} 应为整数：${value}`, `${key} takes a whole number: ${value}`);
    else out[key] = Number(value);
  }
  const parsed = riskParams.safeParse(out);
  if (!parsed.success) throw new UserError('cli.bad_option', `--param 超出范围：${parsed.error.issues[0]?.path.join('.')}`, `--param out of range: ${parsed.error.issues[0]?.path.join('.')}`);
  return parsed.data;
}

const STATUS: Record<RiskHitStatus, { zh: string; en: string }> = {
  open: { zh: '待审核', en: 'open' }, confirmed: { zh: '确认风险', en: 'confirmed' },
  false_positive: { zh: '误报', en: 'false positive' }, follow_up: { zh: '冻结/退款跟进', en: 'freeze/refund follow-up' },
};
const STATUS_WORDS: Record<string, RiskHitStatus> = {
  open: 'open', 待审核: 'open', confirmed: 'confirmed', 确认风险: 'confirmed', confirm: 'confirmed',
  false_positive: 'false_positive', 误报: 'false_positive', follow_up: 'follow_up', 跟进: 'follow_up', 冻结: 'follow_up', 退款: 'follow_up',
};

function hitLines(ctx: CliContext, hits: RiskHitView[]): string[] {
  if (hits.length === 0) return [ctx.t('没有风险提示。', 'No risk hits.')];
  return hits.map((h) => `#${h.id} [${STATUS[h.status][ctx.lang]}${h.active ? '' : ctx.t('，本次未再命中', ', no longer found')}] ${RULE_LABEL[h.rule][ctx.lang]} — ${h.subject[ctx.lang]} — ${formatMoney(h.amountMinor, h.currency)}`
    + ` — ${h.records.map((r) => r.orderId ?? `#${r.id}`).join(' ')}`);
}

const screen: CliCommand = {
  name: 'screen',
  usage: 'screen --period P [--channel ID] [--json]',
  summary: { zh: '风控筛查一个账期，列出风险提示（审核队列）', en: 'Risk-screen a period and list the hits (review queue)' },
  options: { period: {}, channel: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const p = period(ctx);
    const channelId = opt(ctx.args, 'channel');
    const result = screenPeriod(db, { period: p, channelId });
    const hits = listHits(db, { period: p, channelId });
    ctx.print({ ...result, hits }, () => [
      ...result.channels.map((c) => ctx.t(`${c.channelId} ${p}：筛查 ${c.screened} 笔，提示 ${c.hits} 条（新增 ${c.newHits}）`, `${c.channelId} ${p}: ${c.screened} screened, ${c.hits} hits (${c.newHits} new)`)),
      ...hitLines(ctx, hits),
    ]);
  },
};

const rules: CliCommand = {
  name: 'risk rules',
  usage: 'risk rules [--channel ID]',
  access: 'read',
  summary: { zh: '列出风控规则与阈值', en: 'List the risk rules and their thresholds' },
  options: { channel: {} },
  run(ctx) {
    const list = ruleSettings(ctx.workspace().db, opt(ctx.args, 'channel'));
    ctx.print(list, () => list.map((r) => `${r.rule.padEnd(22)} ${r.enabled ? ctx.t('开', 'on ') : ctx.t('关', 'off')} ${JSON.stringify(r.params)} ${r.channelId ? `(${r.channelId})` : ''} ${RULE_LABEL[r.rule][ctx.lang]}`));
  },
};

const ruleSet: CliCommand = {
  name: 'risk rule',
  usage: 'risk rule RULE (--on | --off) [--channel ID] [--param maxPerDay=3 | limit=5000.00 | burstCount=5 | small=1.00 | windowMinutes=10 …]',
  summary: { zh: '开关一条风控规则、设置阈值（可按渠道）', en: 'Switch a risk rule on or off and set its thresholds (per channel if given)' },
  options: { on: { flag: true }, off: { flag: true }, channel: {}, param: { multiple: true } },
  run(ctx) {
    const on = ctx.args.flags.has('on');
    if (on === ctx.args.flags.has('off')) throw new UserError('cli.bad_option', '请给出 --on 或 --off', 'Give --on or --off');
    const r = setRule(ctx.workspace().db, { rule: rule(requirePositional(ctx, 0, 'RULE')), channelId: opt(ctx.args, 'channel') ?? null, enabled: on, params: params(ctx) });
    ctx.print(r, () => [`${r.rule} ${r.enabled ? ctx.t('开', 'on') : ctx.t('关', 'off')} ${JSON.stringify(r.params)}`]);
  },
};

const decide: CliCommand = {
  name: 'risk decide',
  usage: 'risk decide HIT --as 确认风险|误报|跟进|待审核 --note TEXT [--blacklist card|account|ip|device|user …]',
  summary: { zh: '处理一条风险提示', en: 'Decide a risk hit' },
  options: { as: {}, note: {}, blacklist: { multiple: true } },
  run(ctx) {
    const id = requirePositional(ctx, 0, 'HIT').replace(/^#/, '');
    if (!/^\d+$/.test(id)) throw new UserError('cli.bad_id', `风险提示编号应为数字：${id}`, `A hit id is a number: ${id}`);
    const as = STATUS_WORDS[opt(ctx.args, 'as') ?? ''];
    if (!as) throw new UserError('cli.bad_option', '--as 应为 确认风险 / 误报 / 跟进 / 待审核', '--as is confirmed / false_positive / follow_up / open');
    const note = opt(ctx.args, 'note');
    if (!note?.trim()) throw new UserError('cli.missing_option', '缺少 --note（处理说明）', 'Missing --note');
    const h = decideHit(ctx.workspace().db, { id: Number(id), as, note, blacklist: optList(ctx.args, 'blacklist').map(identifierType) });
    ctx.print(h, () => hitLines(ctx, [h]));
  },
};

const back: CliCommand = {
  name: 'risk backtest',
  access: 'read',
  usage: 'risk backtest RULE --from P --to P [--channel ID] [--param …]',
  summary: { zh: '回测：规则在过去账期会命中多少（不写入）', en: 'Back-test: how many hits a rule would have had in past periods (writes nothing)' },
  options: { from: {}, to: {}, channel: {}, param: { multiple: true } },
  run(ctx) {
    const r = backtest(ctx.workspace().db, { rule: rule(requirePositional(ctx, 0, 'RULE')), params: params(ctx), from: period(ctx, 'from'), to: period(ctx, 'to'), channelId: opt(ctx.args, 'channel') });
    ctx.print(r, () => [
      `${r.rule} ${JSON.stringify(r.params)}`,
      ...r.periods.map((p) => ctx.t(`${p.period} ${p.channelId}：筛查 ${p.screened} 笔，会命中 ${p.hits} 条，金额 ${formatMoney(p.amountMinor)}`, `${p.period} ${p.channelId}: ${p.screened} screened, ${p.hits} hits, amount ${formatMoney(p.amountMinor)}`)),
      ctx.t(`合计 ${r.periods.reduce((n, p) => n + p.hits, 0)} 条`, `Total ${r.periods.reduce((n, p) => n + p.hits, 0)} hits`),
    ]);
  },
};

const blacklist: CliCommand = {
  name: 'risk blacklist',
  usage: 'risk blacklist [list [--type T] | add --type T --value V --reason R | import FILE]',
  summary: { zh: '黑名单：列出、添加、从 CSV/xlsx 导入', en: 'Blacklist: list, add, import from CSV/xlsx' },
  options: { type: {}, value: {}, reason: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const action = ctx.args.positionals[0] ?? 'list';
    if (action === 'add') {
      const value = opt(ctx.args, 'value');
      const reason = opt(ctx.args, 'reason');
      if (!value || !reason) throw new UserError('cli.missing_option', '添加需要 --value 和 --reason', 'add needs --value and --reason');
      const e = addToBlacklist(db, { type: identifierType(opt(ctx.args, 'type')), value, reason });
      ctx.print(e, () => [ctx.t(`已加入黑名单：${e.type} ${e.value}`, `Blacklisted: ${e.type} ${e.value}`)]);
      return;
    }
    if (action === 'import') {
      const r = importBlacklist(db, resolve(requirePositional(ctx, 1, 'FILE')));
      ctx.print(r, () => [ctx.t(`新增 ${r.added} 条，已在名单中 ${r.alreadyListed} 条`, `${r.added} added, ${r.alreadyListed} already listed`)]);
      return;
    }
    if (action !== 'list') throw new UserError('cli.bad_option', `未知操作：${action}（list / add / import）`, `Unknown action: ${action} (list / add / import)`);
    const type = opt(ctx.args, 'type');
    const list = listBlacklist(db, type === undefined ? undefined : identifierType(type));
    ctx.print(list, () => list.length === 0 ? [ctx.t('黑名单为空。', 'The blacklist is empty.')] : list.map((e) => `${e.type.padEnd(8)} ${e.value}  ${e.reason}  (${e.addedBy} ${e.addedAt.slice(0, 10)}, ${e.source})`));
  },
};

export const riskCommands: CliCommand[] = [screen, rules, ruleSet, decide, back, blacklist];
