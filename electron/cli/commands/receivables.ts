// Bank accounts and statements, each channel's payers and payment date rule, receivables (回款核对),
// unidentified receipts and the differences of the receipts stage.
import { basename } from 'node:path';
import type { BankImportSummary, ContinuityBreak, PaymentRule, ReceiptAction, ReceivablesOverview } from '../../../shared/contract/receivables';
import { RECEIPT_ACTIONS, RULE_KINDS } from '../../../shared/contract/receivables';
import { formatMoney } from '../../../shared/money';
import { formatInstant } from '../../../shared/time';
import { listAccounts, saveAccount } from '../../engine/bank/accounts';
import { allBreaks } from '../../engine/bank/continuity';
import { UserError } from '../../engine/errors';
import { readFileShared } from '../../engine/import/file-bytes';
import { importBankFile } from '../../engine/import/pipeline';
import { assignReceipt, resolveReceiptDifference, undoReceiptResolution, unassignReceipt } from '../../engine/receivables/decisions';
import { receivablesOverview, workspaceZone } from '../../engine/receivables/index';
import { STATUS_LABEL, writeReceivablesReport } from '../../engine/receivables/report';
import { listReceiptSettings, receiptSettings, saveReceiptSettings } from '../../engine/receivables/settings';
import { checkpointWorkspace } from '../../engine/workspace/db';
import { opt, optList } from '../args';
import { requirePositional, type CliCommand, type CliContext } from '../context';

const STATUS_EN = { unpaid: 'unpaid', partial: 'partly paid', paid: 'paid', overpaid: 'over-paid', overdue: 'overdue' } as const;

function day(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UserError('cli.bad_date', `--${name} 应为日期 YYYY-MM-DD：${value}`, `--${name} must be a date YYYY-MM-DD: ${value}`);
  return value;
}

function whole(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UserError('cli.bad_number', `--${name} 应为非负整数：${value}`, `--${name} must be a non-negative integer: ${value}`);
  return Number(value);
}

const accountAdd: CliCommand = {
  name: 'account add',
  usage: 'account add ACCOUNT_NO --bank BANK --name NAME [--currency CNY]',
  summary: { zh: '登记或修改我方银行账户', en: 'Set up or change one of our bank accounts' },
  options: { bank: {}, name: {}, currency: {} },
  run(ctx) {
    const accountNo = requirePositional(ctx, 0, 'ACCOUNT_NO');
    const bank = opt(ctx.args, 'bank');
    const name = opt(ctx.args, 'name');
    if (!bank || !name) throw new UserError('cli.missing_argument', '需要 --bank 银行 和 --name 户名', 'Needs --bank BANK and --name NAME');
    const a = saveAccount(ctx.workspace().db, { accountNo, bank, name, currency: opt(ctx.args, 'currency') ?? 'CNY' });
    ctx.print(a, () => [ctx.t(`账户 ${a.accountNo}（${a.bank} ${a.name} ${a.currency}）已保存`, `Account ${a.accountNo} (${a.bank} ${a.name} ${a.currency}) saved`)]);
  },
};

const accountList: CliCommand = {
  name: 'account list',
  usage: 'account list',
  summary: { zh: '列出我方银行账户', en: 'List our bank accounts' },
  run(ctx) {
    const list = listAccounts(ctx.workspace().db);
    ctx.print(list, () => list.length === 0
      ? [ctx.t('还没有银行账户。用 account add 登记。', 'No bank accounts yet. Add one with account add.')]
      : list.map((a) => `${a.accountNo.padEnd(22)} ${a.currency}  ${a.bank}  ${a.name}`));
  },
};

function breakLine(ctx: CliContext, b: ContinuityBreak, zone: string, currency: string): string {
  const m = (v: number) => formatMoney(v, currency);
  return ctx.t(
    `  ! ${b.accountNo} 余额不连续：${formatInstant(b.before.occurredAt, zone)} ${b.before.fileName}:${b.before.rowNumber} 余额 ${m(b.before.balanceMinor!)} → ${formatInstant(b.after.occurredAt, zone)} ${b.after.fileName}:${b.after.rowNumber} 应为 ${m(b.expectedMinor)}，实为 ${m(b.actualMinor)}，缺 ${m(b.missingMinor)}`,
    `  ! ${b.accountNo} balance break: ${formatInstant(b.before.occurredAt, zone)} ${b.before.fileName}:${b.before.rowNumber} leaves ${m(b.before.balanceMinor!)} → ${formatInstant(b.after.occurredAt, zone)} ${b.after.fileName}:${b.after.rowNumber} should be ${m(b.expectedMinor)}, is ${m(b.actualMinor)}, ${m(b.missingMinor)} missing`,
  );
}

function bankSummaryLines(ctx: CliContext, s: BankImportSummary): string[] {
  const m = (v: number | null) => (v === null ? '-' : formatMoney(v, s.account.currency));
  const reasons = Object.entries(s.skippedByReason).map(([k, n]) => `${k} ×${n}`).join(', ');
  return [
    ctx.t(`✔ ${s.fileName}：模板 ${s.profileId}，账户 ${s.account.accountNo}（${s.account.bank}），${s.periodFrom ?? '?'} 至 ${s.periodTo ?? '?'}`,
      `✔ ${s.fileName}: profile ${s.profileId}, account ${s.account.accountNo} (${s.account.bank}), ${s.periodFrom ?? '?'} to ${s.periodTo ?? '?'}`),
    ctx.t(`  文件共 ${s.rowsInFile} 行：数据 ${s.dataRows} 行 = 导入 ${s.accepted} + 已存在 ${s.alreadyPresent}；非数据行 ${s.skipped}（${reasons}）`,
      `  ${s.rowsInFile} rows in file: ${s.dataRows} data rows = ${s.accepted} imported + ${s.alreadyPresent} already present; ${s.skipped} non-data lines (${reasons})`),
    ctx.t(`  收入 ${s.incoming.count} 笔 ${m(s.incoming.minor)}，支出 ${s.outgoing.count} 笔 ${m(s.outgoing.minor)}；期初 ${m(s.openingMinor)}，期末 ${m(s.closingMinor)}`,
      `  in ${s.incoming.count} rows ${m(s.incoming.minor)}, out ${s.outgoing.count} rows ${m(s.outgoing.minor)}; opening ${m(s.openingMinor)}, closing ${m(s.closingMinor)}`),
    ...s.warnings.map((w) => '  ! ' + ctx.t(w.zh, w.en)),
  ];
}

const bankImport: CliCommand = {
  name: 'bank import',
  usage: 'bank import FILE… [--account ACCOUNT_NO] [--profile ID]',
  summary: { zh: '导入我方银行账户流水（每个文件全部成功或全部不导入）', en: 'Import our bank account statements (each file all-or-nothing)' },
  options: { account: {}, profile: {} },
  run(ctx) {
    const files = ctx.args.positionals;
    if (files.length === 0) requirePositional(ctx, 0, 'FILE');
    const db = ctx.workspace().db;
    const results: ({ file: string; ok: true; summary: BankImportSummary } | { file: string; ok: false; error: { key: string; zh: string; en: string } })[] = [];
    for (const file of files) {
      try {
        let bytes: Uint8Array;
        try {
          bytes = readFileShared(file);
        } catch (e) {
          throw new UserError('import.cannot_read', `无法读取文件 ${file}：${(e as Error).message}`, `Cannot read file ${file}: ${(e as Error).message}`, { file });
        }
        results.push({ file, ok: true, summary: importBankFile(db, bytes, basename(file), { accountNo: opt(ctx.args, 'account'), profileId: opt(ctx.args, 'profile') }) });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        results.push({ file, ok: false, error: { key: e.key, zh: e.zh, en: e.en } });
      }
    }
    ctx.print(results, () => results.flatMap((r) => (r.ok ? bankSummaryLines(ctx, r.summary) : [ctx.t(`✘ ${r.file}：${r.error.zh}`, `✘ ${r.file}: ${r.error.en}`)])));
    checkpointWorkspace(db);
    return results.some((r) => !r.ok) ? 1 : 0;
  },
};

const bankContinuity: CliCommand = {
  name: 'bank continuity',
  usage: 'bank continuity',
  summary: { zh: '检查各账户流水余额是否连续（缺页、缺期）', en: 'Check that each account\'s balances chain (missing pages or statements)' },
  run(ctx) {
    const db = ctx.workspace().db;
    const breaks = allBreaks(db);
    const currency = new Map(listAccounts(db).map((a) => [a.accountNo, a.currency]));
    ctx.print(breaks, () => breaks.length === 0
      ? [ctx.t('所有账户的流水余额连续。', 'Every account\'s balances chain.')]
      : breaks.map((b) => breakLine(ctx, b, workspaceZone(db), currency.get(b.accountNo) ?? 'CNY')));
    return breaks.length > 0 ? 1 : 0;
  },
};

function ruleFrom(ctx: CliContext, current: PaymentRule): PaymentRule | undefined {
  const kind = opt(ctx.args, 'rule');
  const n = whole(opt(ctx.args, 'n'), 'n');
  const d = whole(opt(ctx.args, 'day'), 'day');
  if (kind === undefined && n === undefined && d === undefined) return undefined;
  if (kind !== undefined && !(RULE_KINDS as readonly string[]).includes(kind)) {
    throw new UserError('cli.bad_rule', `--rule 应为 ${RULE_KINDS.join(' | ')}`, `--rule must be ${RULE_KINDS.join(' | ')}`);
  }
  return { kind: (kind as PaymentRule['kind'] | undefined) ?? current.kind, n: n ?? current.n, day: d ?? current.day };
}

function ruleText(ctx: CliContext, r: PaymentRule): string {
  switch (r.kind) {
    case 'day-of-next-month': return ctx.t(`次月 ${r.n} 日`, `day ${r.n} of the next month`);
    case 'days-after-statement': return ctx.t(`出单后 ${r.n} 天`, `${r.n} days after the statement`);
    case 'weekly': return ctx.t(`出单后的下一个星期${'一二三四五六日'[r.n - 1]}`, `the next weekday ${r.n} after the statement`);
    case 'months-later': return ctx.t(`${r.n} 个月后的 ${r.day} 日`, `day ${r.day}, ${r.n} months later`);
  }
}

const channelReceipts: CliCommand = {
  name: 'channel receipts',
  usage: 'channel receipts [ID --payer NAME… --payer-account NO… --rule day-of-next-month|days-after-statement|weekly|months-later --n N [--day D] --grace DAYS]',
  summary: { zh: '渠道的付款人（别名、账号）与回款日规则', en: 'A channel\'s payers (names, accounts) and payment date rule' },
  options: { payer: { multiple: true }, 'payer-account': { multiple: true }, rule: {}, n: {}, day: {}, grace: {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const id = ctx.args.positionals[0];
    if (id === undefined) {
      const list = listReceiptSettings(db);
      ctx.print(list, () => list.map((s) => `${s.channelId.padEnd(12)} ${ruleText(ctx, s.rule)}，${ctx.t('宽限', 'grace')} ${s.graceDays}  ${ctx.t('付款人', 'payers')}: ${[...s.payerNames, ...s.payerAccounts].join(', ') || '-'}`));
      return;
    }
    const payers = optList(ctx.args, 'payer');
    const accounts = optList(ctx.args, 'payer-account');
    const s = saveReceiptSettings(db, {
      channelId: id,
      payerNames: payers.length > 0 ? payers : undefined,
      payerAccounts: accounts.length > 0 ? accounts : undefined,
      rule: ruleFrom(ctx, receiptSettings(db, id).rule),
      graceDays: whole(opt(ctx.args, 'grace'), 'grace'),
    });
    ctx.print(s, () => [ctx.t(`渠道 ${id} 回款设置已保存：${ruleText(ctx, s.rule)}，宽限 ${s.graceDays} 天，付款人 ${[...s.payerNames, ...s.payerAccounts].join('、') || '-'}`,
      `Channel ${id} receipt settings saved: ${ruleText(ctx, s.rule)}, ${s.graceDays} days grace, payers ${[...s.payerNames, ...s.payerAccounts].join(', ') || '-'}`)]);
  },
};

function overviewLines(ctx: CliContext, o: ReceivablesOverview, zone: string): string[] {
  const lines = [ctx.t(`截至 ${o.asOf} 的应收回款`, `Receivables as of ${o.asOf}`)];
  if (o.receivables.length === 0) lines.push(ctx.t('  没有已导出或已关账的对账单。', '  No exported or closed statements.'));
  for (const r of o.receivables) {
    const m = (v: number) => formatMoney(v, r.currency);
    lines.push(ctx.t(
      `  ${r.channelId.padEnd(10)} ${r.period} ${STATUS_LABEL[r.status].padEnd(4, '　')} 应收 ${m(r.agreedMinor)}  已收 ${m(r.receivedMinor)}${r.chargeMinor ? `（手续费 ${m(r.chargeMinor)}）` : ''}  未回 ${m(r.outstandingMinor)}  应回款日 ${r.expectedOn}${r.daysOutstanding !== null ? `  账龄 ${r.daysOutstanding} 天` : ''}${r.daysOverdue ? `  逾期 ${r.daysOverdue} 天` : ''}`,
      `  ${r.channelId.padEnd(10)} ${r.period} ${STATUS_EN[r.status].padEnd(11)} agreed ${m(r.agreedMinor)}  received ${m(r.receivedMinor)}${r.chargeMinor ? ` (charge ${m(r.chargeMinor)})` : ''}  outstanding ${m(r.outstandingMinor)}  expected ${r.expectedOn}${r.daysOutstanding !== null ? `  ${r.daysOutstanding} days outstanding` : ''}${r.daysOverdue ? `  ${r.daysOverdue} days overdue` : ''}`,
    ));
  }
  for (const t of o.totals) {
    const m = (v: number) => formatMoney(v, t.currency);
    lines.push(ctx.t(`  合计 ${t.channelId} ${t.currency}：应收 ${m(t.expectedMinor)}，已收 ${m(t.receivedMinor)}，未回 ${m(t.outstandingMinor)}，其中逾期 ${m(t.overdueMinor)}`,
      `  total ${t.channelId} ${t.currency}: expected ${m(t.expectedMinor)}, received ${m(t.receivedMinor)}, outstanding ${m(t.outstandingMinor)}, overdue ${m(t.overdueMinor)}`));
  }
  for (const a of o.aging) {
    lines.push(`  ${ctx.t('账龄', 'aging')} ${a.channelId}: ${Object.entries(a.buckets).map(([b, v]) => `${b} ${formatMoney(v, a.currency)}`).join('  ')}`);
  }
  if (o.unclaimedCount > 0) lines.push(ctx.t(`待认领 ${o.unclaimedCount} 笔${o.unclaimedCount > o.unclaimed.length ? `（列出最早的 ${o.unclaimed.length} 笔）` : ''}：`, `${o.unclaimedCount} unidentified receipts${o.unclaimedCount > o.unclaimed.length ? ` (the oldest ${o.unclaimed.length} listed)` : ''}:`));
  for (const u of o.unclaimed) {
    lines.push(`  #${u.row.id} ${formatInstant(u.row.occurredAt, zone)} ${formatMoney(u.row.amountMinor, u.currency)} ${u.row.counterpartyName ?? '?'} ${u.row.counterpartyAccount ?? ''} ${u.row.remark ?? ''}`);
  }
  const open = o.differences.filter((d) => d.status === 'open');
  if (open.length > 0) lines.push(ctx.t(`回款差错 ${open.length} 项未处理：`, `${open.length} open receipt differences:`));
  for (const d of open) lines.push(`  ${d.key}  ${ctx.t(d.detail.zh, d.detail.en)}`);
  return lines;
}

const receivablesCommand: CliCommand = {
  name: 'receivables',
  usage: 'receivables [--channel ID] [--as-of YYYY-MM-DD] [--json]',
  summary: { zh: '应收回款：每期对账单的回款状态、账龄、待认领和回款差错', en: 'Receivables: each agreed statement\'s receipt status, aging, unidentified receipts and differences' },
  options: { channel: {}, 'as-of': {} },
  run(ctx) {
    const db = ctx.workspace().db;
    const o = receivablesOverview(db, { channelId: opt(ctx.args, 'channel'), asOf: day(opt(ctx.args, 'as-of'), 'as-of') });
    ctx.print(o, () => overviewLines(ctx, o, workspaceZone(db)));
  },
};

const receivablesExport: CliCommand = {
  name: 'receivables export',
  usage: 'receivables export --out FILE.xlsx [--channel ID] [--as-of YYYY-MM-DD]',
  summary: { zh: '导出对账回款函（xlsx）', en: 'Export the receivables report (对账回款函, xlsx)' },
  options: { out: {}, channel: {}, 'as-of': {} },
  run(ctx) {
    const out = opt(ctx.args, 'out');
    if (!out) throw new UserError('cli.missing_argument', '缺少参数：--out FILE.xlsx', 'Missing argument: --out FILE.xlsx');
    const f = writeReceivablesReport(ctx.workspace().db, out, { channelId: opt(ctx.args, 'channel'), asOf: day(opt(ctx.args, 'as-of'), 'as-of') });
    ctx.print({ path: f.path, sha256: f.sha256, bytes: f.bytes, rows: f.rows }, () => [ctx.t(`已导出对账回款函 ${f.path}（未回款 ${f.rows} 项）`, `Exported the receivables report ${f.path} (${f.rows} outstanding items)`)]);
  },
};

const receiptsAssign: CliCommand = {
  name: 'receipts assign',
  usage: 'receipts assign BANK_ROW_ID (--channel ID --period YYYY-MM | --not-settlement) [--note TEXT]',
  summary: { zh: '认领一笔收款：指定渠道和账期，或标记为非结算款', en: 'Assign a receipt to a channel and period, or mark it as not settlement money' },
  options: { channel: {}, period: {}, 'not-settlement': { flag: true }, note: {} },
  run(ctx) {
    const id = whole(requirePositional(ctx, 0, 'BANK_ROW_ID'), 'id')!;
    const notSettlement = ctx.args.flags.has('not-settlement');
    const period = opt(ctx.args, 'period');
    if (period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new UserError('cli.bad_period', `--period 应为 YYYY-MM：${period}`, `--period must be YYYY-MM: ${period}`);
    assignReceipt(ctx.workspace().db, { bankRowId: id, kind: notSettlement ? 'not_settlement' : 'receivable', channelId: opt(ctx.args, 'channel'), period, note: opt(ctx.args, 'note') });
    ctx.print({ bankRowId: id }, () => [ctx.t(`银行流水 #${id} 已认领`, `Bank row #${id} assigned`)]);
  },
};

const receiptsUnassign: CliCommand = {
  name: 'receipts unassign',
  usage: 'receipts unassign BANK_ROW_ID',
  summary: { zh: '撤销一笔收款的认领', en: 'Undo the assignment of a receipt' },
  run(ctx) {
    const id = whole(requirePositional(ctx, 0, 'BANK_ROW_ID'), 'id')!;
    unassignReceipt(ctx.workspace().db, id);
    ctx.print({ bankRowId: id }, () => [ctx.t(`银行流水 #${id} 的认领已撤销`, `Assignment of bank row #${id} undone`)]);
  },
};

const receiptsResolve: CliCommand = {
  name: 'receipts resolve',
  usage: `receipts resolve KEY --action ${RECEIPT_ACTIONS.join('|')} [--note TEXT]`,
  summary: { zh: '处理一项回款差错', en: 'Resolve a receipt difference' },
  options: { action: {}, note: {} },
  run(ctx) {
    const key = requirePositional(ctx, 0, 'KEY');
    const action = opt(ctx.args, 'action');
    if (!action || !(RECEIPT_ACTIONS as readonly string[]).includes(action)) throw new UserError('cli.bad_action', `--action 应为 ${RECEIPT_ACTIONS.join(' | ')}`, `--action must be ${RECEIPT_ACTIONS.join(' | ')}`);
    resolveReceiptDifference(ctx.workspace().db, { key, action: action as ReceiptAction, note: opt(ctx.args, 'note') });
    ctx.print({ key, action }, () => [ctx.t(`回款差错 ${key} 已处理（${action}）`, `Receipt difference ${key} resolved (${action})`)]);
  },
};

const receiptsUndo: CliCommand = {
  name: 'receipts undo',
  usage: 'receipts undo KEY',
  summary: { zh: '撤销对一项回款差错的处理', en: 'Undo the resolution of a receipt difference' },
  run(ctx) {
    const key = requirePositional(ctx, 0, 'KEY');
    undoReceiptResolution(ctx.workspace().db, key);
    ctx.print({ key }, () => [ctx.t(`回款差错 ${key} 的处理已撤销`, `Resolution of receipt difference ${key} undone`)]);
  },
};

export const receivablesCommands: CliCommand[] = [
  accountAdd, accountList, bankImport, bankContinuity, channelReceipts, receivablesCommand, receivablesExport, receiptsAssign, receiptsUnassign, receiptsResolve, receiptsUndo,
];
