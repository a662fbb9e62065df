import { resolve } from 'node:path';
import type { InboxRunResult } from '../../../shared/contract/statement';
import { PERIOD_PATTERN } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';
import { formatLocalTime, localTimeZone } from '../../../shared/time';
import { UserError, toErrorPayload } from '../../engine/errors';
import { runInbox } from '../../engine/inbox/run';
import { deliverRunMail } from '../../engine/mail/deliver';
import { periodStatus } from '../../engine/inbox/status';
import { exportDifferencesCsv, exportStatement, statementHtml, verifyStatement } from '../../engine/statement';
import { statementReadiness } from '../../engine/statement/readiness';
import { applyDisputeAnswers, exportDisputes, readDisputeAnswersFile } from '../../engine/statement/disputes';
import { opt, optList } from '../args';
import { requirePositional, type CliCommand, type CliContext } from '../context';

function required(ctx: CliContext, name: string): string {
  const v = opt(ctx.args, name);
  if (v === undefined) throw new UserError('cli.missing_option', `缺少选项 --${name}`, `Missing option --${name}`);
  return v;
}

function period(ctx: CliContext, value: string | undefined = required(ctx, 'period')): string {
  if (!PERIOD_PATTERN.test(value)) throw new UserError('cli.bad_period', `账期应为 YYYY-MM，如 2026-10：${value}`, `A period is YYYY-MM, e.g. 2026-10: ${value}`);
  return value;
}

const TARGET_OPTIONS = { channel: {}, period: {}, out: {} };

function target(ctx: CliContext) {
  return { channelId: required(ctx, 'channel'), period: period(ctx), outPath: resolve(required(ctx, 'out')), lang: ctx.lang };
}

const exportStatementCommand: CliCommand = {
  name: 'export statement',
  usage: 'export statement --channel ID --period P --out FILE.xlsx [--lang en]',
  summary: { zh: '导出对账确认单（汇总/明细/差错/挂账）', en: 'Export the settlement statement (summary, matched, differences, carried)' },
  options: TARGET_OPTIONS,
  run(ctx) {
    const r = exportStatement(ctx.workspace().db, target(ctx));
    const m = (minor: number) => formatMoney(minor, r.report.currency);
    const ready = statementReadiness(ctx.workspace().db, r.channelId, r.period);
    const zone = localTimeZone();
    ctx.print(r, () => [
      ctx.t(`已导出 ${r.path}（对账单编号 ${r.number ?? ''}）`, `Exported ${r.path} (statement number ${r.number ?? ''})`),
      ctx.t(`净额 ${m(r.report.net)}  双方认可金额 ${m(r.report.agreed)}  争议金额 ${m(r.report.disputed)}  明细 ${r.matchedRows} 行  差错 ${r.differenceRows} 笔`,
        `net ${m(r.report.net)}  agreed ${m(r.report.agreed)}  disputed ${m(r.report.disputed)}  ${r.matchedRows} matched rows  ${r.differenceRows} differences`),
      ctx.t(`未决差错 ${ready.openDifferences} 笔，金额 ${m(ready.openAmountMinor)}；最近勾对 ${formatLocalTime(ready.matchedAt, zone)}（${zone}）`,
        `${ready.openDifferences} open differences, ${m(ready.openAmountMinor)}; last matched ${formatLocalTime(ready.matchedAt, zone)} (${zone})`),
      ctx.t(`数据校验码 ${r.digest}`, `data digest ${r.digest}`),
    ]);
  },
};

const exportDiffs: CliCommand = {
  name: 'export diffs',
  usage: 'export diffs --channel ID --period P --out FILE.csv [--encoding gb18030] [--all]',
  summary: { zh: '导出未决差错 CSV（UTF-8 带 BOM，或 GB18030）', en: 'Export open differences as CSV (UTF-8 with BOM, or GB18030)' },
  options: { ...TARGET_OPTIONS, encoding: {}, all: { flag: true } },
  run(ctx) {
    const encoding = opt(ctx.args, 'encoding')?.toLowerCase() ?? 'utf-8';
    if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'gb18030') {
      throw new UserError('cli.bad_encoding', `--encoding 只能是 utf-8 或 gb18030：${encoding}`, `--encoding must be utf-8 or gb18030: ${encoding}`);
    }
    const r = exportDifferencesCsv(ctx.workspace().db, { ...target(ctx), encoding: encoding === 'gb18030' ? 'gb18030' : 'utf-8', all: ctx.args.flags.has('all') });
    ctx.print(r, () => [ctx.t(`已导出 ${r.rows} 笔差错到 ${r.path}`, `Exported ${r.rows} differences to ${r.path}`)]);
  },
};

const exportHtml: CliCommand = {
  name: 'export html',
  usage: 'export html --channel ID --period P --out FILE.html',
  summary: { zh: '导出可打印的对账确认单 HTML', en: 'Export the printable statement as HTML' },
  options: TARGET_OPTIONS,
  run(ctx) {
    const r = statementHtml(ctx.workspace().db, target(ctx));
    ctx.print({ path: r.file?.path, sha256: r.file?.sha256, digest: r.digest }, () => [ctx.t(`已导出 ${r.file?.path ?? ''}`, `Exported ${r.file?.path ?? ''}`)]);
  },
};

const exportDisputesCommand: CliCommand = {
  name: 'export disputes',
  usage: 'export disputes --channel ID --period P --out FILE.xlsx',
  summary: { zh: '导出争议清单，供渠道填写答复', en: 'Export the open differences for the channel to answer' },
  options: TARGET_OPTIONS,
  run(ctx) {
    const r = exportDisputes(ctx.workspace().db, target(ctx));
    ctx.print(r, () => [ctx.t(`已导出 ${r.rows} 笔未决差错到 ${r.path}`, `Exported ${r.rows} open differences to ${r.path}`)]);
  },
};

const importAnswers: CliCommand = {
  name: 'import-answers',
  usage: 'import-answers FILE [--apply [--only ID …]]',
  summary: { zh: '读取渠道返回的争议清单；确认后加 --apply 写入', en: 'Read a returned dispute workbook; add --apply to write the answers' },
  options: { apply: { flag: true }, only: { multiple: true } },
  run(ctx) {
    const db = ctx.workspace().db;
    const answers = readDisputeAnswersFile(db, resolve(requirePositional(ctx, 0, 'FILE')));
    const only = optList(ctx.args, 'only').map((v) => {
      if (!/^\d+$/.test(v)) throw new UserError('cli.bad_id', `--only 应为差错编号：${v}`, `--only takes difference ids: ${v}`);
      return Number(v);
    });
    const lines = () => answers.proposals.map((p) => `#${p.differenceId} ${p.orderId ?? ''} ${p.answer}${p.correctedAmountMinor !== null ? ' ' + formatMoney(p.correctedAmountMinor) : ''} → ${p.proposed ? `${p.proposed.as}（${p.proposed.note}）` : ctx.t('不可执行：', 'cannot apply: ') + (p.problem?.[ctx.lang] ?? '')}`);
    if (!ctx.args.flags.has('apply')) {
      ctx.print(answers, () => [
        ctx.t(`${answers.channelId} ${answers.period}：${answers.proposals.length} 条答复，${answers.unanswered} 笔未答复`, `${answers.channelId} ${answers.period}: ${answers.proposals.length} answers, ${answers.unanswered} unanswered`),
        ...lines(),
        ctx.t('确认无误后加 --apply 写入（可用 --only 指定差错编号）。', 'Check them, then run again with --apply (optionally --only IDs).'),
      ]);
      return;
    }
    const confirm = only.length > 0 ? only : answers.proposals.filter((p) => p.proposed).map((p) => p.differenceId);
    const result = applyDisputeAnswers(db, answers, confirm);
    ctx.print(result, () => [
      ctx.t(`已写入 ${result.applied.length} 条处理`, `Applied ${result.applied.length} resolutions`),
      ...result.skipped.map((s) => `#${s.differenceId}: ${s.reason[ctx.lang]}`),
    ]);
    return result.skipped.length > 0 ? 1 : 0;
  },
};

const verify: CliCommand = {
  name: 'verify-statement',
  usage: 'verify-statement FILE.xlsx',
  summary: { zh: '用工作区数据复核一份对账确认单', en: 'Check a statement file against the workspace' },
  access: 'read',
  run(ctx) {
    const v = verifyStatement(ctx.workspace().db, resolve(requirePositional(ctx, 0, 'FILE')));
    ctx.print(v, () => v.ok
      ? [ctx.t(`一致：${v.channelId} ${v.period} 的数据与对账确认单相符`, `OK: the data of ${v.channelId} ${v.period} matches the statement`)]
      : [
        ctx.t(`不一致：${v.channelId} ${v.period} 的数据在导出后已变化`, `MISMATCH: the data of ${v.channelId} ${v.period} changed after the statement was exported`),
        ...(v.digestInFile !== v.digestNow ? [ctx.t(`校验码 文件 ${v.digestInFile} / 现在 ${v.digestNow}`, `digest file ${v.digestInFile} / now ${v.digestNow}`)] : []),
        ...v.mismatches.map((m) => `${m.field}: ${ctx.t('文件', 'file')} ${m.inFile ?? '-'} / ${ctx.t('现在', 'now')} ${m.now}`),
      ]);
    return v.ok ? 0 : 1;
  },
};

function mailLines(ctx: CliContext, r: InboxRunResult): string[] {
  if (!r.mail) return [];
  if (r.mail.problem) return [ctx.t(`邮件未发送：${r.mail.problem.zh}`, `Mail not sent: ${r.mail.problem.en}`)];
  if (r.mail.deliveries.length === 0) return [ctx.t('没有需要处理的差错，未发邮件。', 'Nothing to act on; no mail sent.')];
  return r.mail.deliveries.map((d) => d.sent
    ? ctx.t(`邮件已发送：${d.to.join(', ')}（${d.subject}）`, `Mail sent to ${d.to.join(', ')} (${d.subject})`)
    : ctx.t(`邮件发送失败（${d.attempts} 次尝试）：${d.to.join(', ')} — ${d.error?.zh ?? ''}`, `Mail NOT sent after ${d.attempts} attempts to ${d.to.join(', ')}: ${d.error?.en ?? ''}`));
}

/** How long the daily run waits, at each write, for another job holding the workspace. */
const DEFAULT_LOCK_WAIT_SECONDS = 300;

function secondsOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value)) throw new UserError('cli.bad_number', `--${name} 应为秒数：${value}`, `--${name} takes seconds: ${value}`);
  return Number(value);
}

const run: CliCommand = {
  name: 'run',
  usage: 'run --inbox DIR [--period P] [--settle SECONDS] [--wait SECONDS] [--mail]',
  summary: { zh: '每日任务：导入收件箱、勾对、生成差错报告（退出码 0/1/2）', en: 'Daily run: import the inbox, match, write the difference report (exit 0/1/2)' },
  options: { inbox: {}, period: {}, settle: {}, wait: {}, mail: { flag: true } },
  async run(ctx) {
    // Schedulers read the exit code: 2 for anything that stopped the run, never 1.
    try {
      const p = opt(ctx.args, 'period');
      const settle = secondsOption(opt(ctx.args, 'settle'), 'settle');
      const wait = secondsOption(opt(ctx.args, 'wait'), 'wait') ?? DEFAULT_LOCK_WAIT_SECONDS;
      let told = false;
      const db = ctx.workspace().db;
      const ran = runInbox(db, {
        inbox: resolve(required(ctx, 'inbox')), lang: ctx.lang,
        // Said once per run on stderr, which a scheduler's log keeps next to the report.
        lockWait: {
          maxMs: wait * 1000,
          onWait: () => {
            if (!told) ctx.io.err(ctx.t(`工作区正被另一个任务写入，等待中…（最多 ${wait} 秒）`, `Waiting for another job holding the workspace… (up to ${wait} seconds)`));
            told = true;
          },
        },
        ...(p ? { period: period(ctx, p) } : {}), ...(settle !== undefined ? { settleSeconds: settle } : {}),
      });
      const r = ctx.args.flags.has('mail') ? await deliverRunMail(db, ran, { lang: ctx.lang }) : ran;
      ctx.print(r, () => [
        ...r.files.map((f) => `${f.name} → ${f.movedTo}${f.reason ? ` (${f.reason[ctx.lang]})` : ''}`),
        ...r.channels.map((c) => ctx.t(`${c.channelId} ${c.period}：未决差错 ${c.open} 笔，超出容差 ${c.overTolerance} 笔`, `${c.channelId} ${c.period}: ${c.open} open differences, ${c.overTolerance} over tolerance`)),
        ...r.reportFiles.map((f) => ctx.t(`报告：${f}`, `Report: ${f}`)),
        ...mailLines(ctx, r),
      ]);
      return r.exitCode;
    } catch (e) {
      const payload = toErrorPayload(e, ctx.workspacePath());
      if (ctx.json) ctx.io.out(JSON.stringify({ error: payload }));
      ctx.io.err(payload.type === 'user' ? ctx.t('错误：', 'Error: ') + payload.message[ctx.lang] : ctx.t('内部错误：', 'Internal error: ') + payload.message);
      return 2;
    }
  },
};

const status: CliCommand = {
  name: 'status',
  usage: 'status --period P',
  summary: { zh: '各渠道本账期进度：应收/已收/已导入/已勾对/已确认/已关账', en: 'Per channel: expected / received / imported / matched / agreed / closed' },
  access: 'read',
  options: { period: {} },
  run(ctx) {
    const p = period(ctx);
    const rows = periodStatus(ctx.workspace().db, p);
    const yes = (b: boolean) => (b ? '✓' : '✗');
    ctx.print(rows, () => [
      ctx.t(`账期 ${p}`, `Period ${p}`),
      ctx.t('渠道          账单  导入行数  我方行数  勾对  差错  确认单  关账  下一步', 'channel       files  rows  internal  matched  open  statement  closed  next'),
      ...rows.map((s) => `${(s.channelId + (s.manualDownload ? '*' : '')).padEnd(12)} ${String(s.filesReceived).padStart(5)} ${String(s.channelRows).padStart(8)} ${String(s.internalRows).padStart(8)}  ${yes(s.matchCurrent)}  ${String(s.openDifferences).padStart(5)}  ${yes(s.statementCurrent)}  ${yes(s.closed)}  ${s.missing?.[ctx.lang] ?? ''}`),
      ...(rows.some((s) => s.manualDownload) ? [ctx.t('* 需手工下载账单的渠道', '* bill must be downloaded by hand')] : []),
    ]);
  },
};

export const statementCommands: CliCommand[] = [exportStatementCommand, exportDiffs, exportHtml, exportDisputesCommand, importAnswers, verify, run, status];
