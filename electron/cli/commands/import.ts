import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ImportSummary } from '../../../shared/contract/import';
import { formatMoney } from '../../../shared/money';
import { SKIPPED_LINE_TERMS } from '../../../shared/glossary';
import { formatInstant, formatLocalTime, localTimeZone } from '../../../shared/time';
import { findChannel } from '../../engine/channels';
import { ioFailure, UserError } from '../../engine/errors';
import { readFileShared } from '../../engine/import/file-bytes';
import { prewarmParseWorker } from '../../engine/import/parallel';
import { importFile } from '../../engine/import/pipeline';
import { bundleFiles } from '../../engine/import/bundle';
import { getProfile, listProfiles, saveProfile } from '../../engine/import/profiles';
import { checkProfile } from '../../engine/import/profile-check';
import { listFiles, listRecords } from '../../engine/import/records';
import { checkpointWorkspace, getSetting } from '../../engine/workspace/db';
import { opt } from '../args';
import { requirePositional, type CliCommand, type CliContext } from '../context';

function summaryLines(ctx: CliContext, s: ImportSummary): string[] {
  const t = ctx.t.bind(ctx);
  const reasons = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k} ×${n}`).join(', ');
  // Non-data lines by their glossary names in Chinese: 说明行 ×4, 表头 ×1, 合计行 ×4.
  const skippedLines = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${ctx.lang === 'zh' ? (SKIPPED_LINE_TERMS[k]?.zh ?? k) : k} ×${n}`).join(ctx.lang === 'zh' ? '，' : ', ');
  const lines = [
    t(`✔ ${s.fileName}：模板 ${s.profileId}，${s.channelId ? `渠道 ${s.channelId}` : '自有订单'}，${s.container}${s.encoding ? `/${s.encoding}` : ''}`,
      `✔ ${s.fileName}: profile ${s.profileId}, ${s.channelId ? `channel ${s.channelId}` : 'in-house orders'}, ${s.container}${s.encoding ? `/${s.encoding}` : ''}`),
    t(`  文件共 ${s.rowsInFile} 行：数据 ${s.dataRows} 行 = 导入 ${s.accepted} + 过滤 ${s.filtered} + 已存在 ${s.alreadyPresent} + 拒绝 ${s.rejected}；非数据行 ${s.skipped}（${skippedLines(s.skippedByReason)}）`,
      `  ${s.rowsInFile} rows in file: ${s.dataRows} data rows = ${s.accepted} imported + ${s.filtered} filtered + ${s.alreadyPresent} already present + ${s.rejected} rejected; ${s.skipped} non-data lines (${reasons(s.skippedByReason)})`),
    t(`  收款 ${s.payments} 笔，退款 ${s.refunds} 笔；账期 ${s.periods.join(', ') || '-'}；文件合计核对：${s.footerChecked ? '一致' : '文件无合计'}`,
      `  ${s.payments} payments, ${s.refunds} refunds; periods ${s.periods.join(', ') || '-'}; file totals: ${s.footerChecked ? 'agree' : 'none in file'}`),
  ];
  if (s.filtered > 0) lines.push(t(`  过滤：${reasons(s.filteredByReason)}`, `  filtered: ${reasons(s.filteredByReason)}`));
  if (s.rejected > 0) lines.push(t(`  拒绝：${reasons(s.rejectedByReason)}`, `  rejected: ${reasons(s.rejectedByReason)}`));
  for (const c of s.totals) {
    lines.push(t(
      `  ${c.channelId} ${c.currency}：收款 ${formatMoney(c.grossMinor, c.currency)}，退款 ${formatMoney(c.refundsMinor, c.currency)}，手续费 ${formatMoney(c.feesMinor, c.currency)}`,
      `  ${c.channelId} ${c.currency}: gross ${formatMoney(c.grossMinor, c.currency)}, refunds ${formatMoney(c.refundsMinor, c.currency)}, fees ${formatMoney(c.feesMinor, c.currency)}`,
    ));
  }
  for (const w of s.warnings) lines.push('  ! ' + t(w.zh, w.en));
  return lines;
}

/** A bill file in a folder: what a channel's daily files are called (hidden and system files are not). */
const BILL_FILE = /\.(csv|txt|tsv|xls|xlsx|zip|gz)$/i;

/**
 * What the user named, as bills to import: each file on its own; a folder (or, with --one-bill, all
 * the files named) as one bill made of its files.
 */
function billsToImport(paths: string[], oneBill: boolean): { label: string; name: string; files: string[] }[] {
  const bills: { label: string; name: string; files: string[] }[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // Reported when the file is read.
    }
    if (isDir) {
      const files = readdirSync(path).filter((n) => BILL_FILE.test(n) && !n.startsWith('.')).sort().map((n) => join(path, n));
      bills.push({ label: path, name: `${basename(path)}/`, files });
    } else {
      bills.push({ label: path, name: basename(path), files: [path] });
    }
  }
  if (oneBill && bills.length > 1) {
    const name = bills.map((b) => b.name).join('+');
    return [{ label: name, name, files: bills.flatMap((b) => b.files) }];
  }
  return bills;
}

/** A file's bytes; `alone`: it is the whole bill, so a parse worker for it may start while it is read. */
function readBillFile(file: string, alone: boolean): Uint8Array {
  try {
    if (!alone) return readFileSync(file);
    // A big file is read by a parse worker: start it while the file comes off the disk.
    prewarmParseWorker(statSync(file).size);
    return readFileShared(file);
  } catch (e) {
    throw ioFailure(e) ?? new UserError('import.cannot_read', `无法读取文件 ${file}：${(e as Error).message}`, `Cannot read file ${file}: ${(e as Error).message}`, { file });
  }
}

const importCommand: CliCommand = {
  name: 'import',
  usage: 'import FILE|FOLDER… [--channel ID | --internal] [--profile ID] [--one-bill]',
  summary: { zh: '导入渠道账单或自有订单导出（每个文件全部成功或全部不导入）', en: 'Import channel bills or the in-house export (each file all-or-nothing)' },
  options: { channel: {}, internal: { flag: true }, profile: {}, 'one-bill': { flag: true } },
  run(ctx) {
    const files = ctx.args.positionals;
    if (files.length === 0) requirePositional(ctx, 0, 'FILE');
    const channelId = opt(ctx.args, 'channel');
    const internal = ctx.args.flags.has('internal');
    if (channelId && internal) throw new UserError('cli.channel_or_internal', '--channel 和 --internal 只能选一个', 'Give either --channel or --internal, not both');
    const db = ctx.workspace().db;
    const results: ({ file: string; ok: true; summary: ImportSummary } | { file: string; ok: false; error: { key: string; zh: string; en: string; details?: Record<string, unknown> } })[] = [];
    for (const bill of billsToImport(files, ctx.args.flags.has('one-bill'))) {
      const file = bill.label;
      try {
        if (bill.files.length === 0) {
          throw new UserError('import.empty_folder', `文件夹 ${file} 中没有账单文件（CSV/TXT/XLS/XLSX/ZIP）`, `Folder ${file} holds no bill files (CSV/TXT/XLS/XLSX/ZIP)`, { file });
        }
        // A folder is one bill of its files, read as the entries of a ZIP (engine/import/bundle.ts).
        const bytes = bill.files.length === 1 && bill.name === basename(bill.files[0]!)
          ? readBillFile(bill.files[0]!, true)
          : bundleFiles(bill.files.map((f) => ({ name: basename(f), bytes: readBillFile(f, false) })));
        const summary = importFile(db, bytes, bill.name, { channelId, internal: internal || undefined, profileId: opt(ctx.args, 'profile') });
        results.push({ file, ok: true, summary });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        results.push({ file, ok: false, error: { key: e.key, zh: e.zh, en: e.en, ...(e.details ? { details: e.details } : {}) } });
      }
    }
    ctx.print(results, () => results.flatMap((r) => (r.ok ? summaryLines(ctx, r.summary) : [ctx.t(`✘ ${r.file}：${r.error.zh}`, `✘ ${r.file}: ${r.error.en}`)])));
    // The summaries are out; now fold the imports' WAL back into the workspace file.
    checkpointWorkspace(db);
    const failed = results.filter((r) => !r.ok);
    for (const f of failed) if (!f.ok && ctx.json) ctx.io.err(ctx.t(f.error.zh, f.error.en));
    return failed.length > 0 ? 1 : 0;
  },
};

const filesCommand: CliCommand = {
  name: 'files',
  usage: 'files [--channel ID]',
  summary: { zh: '列出已导入的文件及其行数和合计', en: 'List imported files with counts and totals' },
  access: 'read',
  options: { channel: {} },
  run(ctx) {
    const files = listFiles(ctx.workspace().db, { channelId: opt(ctx.args, 'channel'), limit: 1000 });
    ctx.print(files, () => files.length === 0
      ? [ctx.t('还没有导入任何文件。', 'No files imported yet.')]
      : [ctx.t(`导入时间为本地时间（${localTimeZone()}）`, `Import times are local (${localTimeZone()})`), ...files.map((f) => {
        const totals = f.summary.totals.map((c) => `${c.channelId} ${formatMoney(c.grossMinor, c.currency)}/${formatMoney(c.refundsMinor, c.currency)}/${formatMoney(c.feesMinor, c.currency)} ${c.currency}`).join('; ');
        return ctx.t(
          `#${f.id} ${f.fileName}  ${f.profileId}  ${formatLocalTime(f.importedAt)}  导入 ${f.accepted}，过滤 ${f.filtered}，已存在 ${f.alreadyPresent}，拒绝 ${f.rejected}  收款/退款/手续费 ${totals || '-'}`,
          `#${f.id} ${f.fileName}  ${f.profileId}  ${formatLocalTime(f.importedAt)}  accepted ${f.accepted}, filtered ${f.filtered}, already present ${f.alreadyPresent}, rejected ${f.rejected}  gross/refunds/fees ${totals || '-'}`,
        );
      })]);
  },
};

const recordsCommand: CliCommand = {
  name: 'records',
  usage: 'records --channel ID --period YYYY-MM [--side channel|internal] [--limit N] [--offset N]',
  summary: { zh: '列出某渠道某账期的记录', en: 'List the records of a channel and period' },
  access: 'read',
  options: { channel: {}, period: {}, side: {}, limit: {}, offset: {} },
  run(ctx) {
    const channelId = opt(ctx.args, 'channel');
    const period = opt(ctx.args, 'period');
    if (!channelId || !period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
      throw new UserError('cli.missing_argument', '需要 --channel ID 和 --period YYYY-MM', 'Needs --channel ID and --period YYYY-MM');
    }
    const side = opt(ctx.args, 'side');
    if (side !== undefined && side !== 'channel' && side !== 'internal') throw new UserError('cli.bad_side', '--side 应为 channel 或 internal', '--side must be channel or internal');
    const num = (v: string | undefined, d: number) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : d);
    const db = ctx.workspace().db;
    const channelZone = findChannel(db, channelId)?.timeZone ?? 'Asia/Shanghai';
    const workspaceZone = getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
    const page = listRecords(db, { channelId, period, side, limit: num(opt(ctx.args, 'limit'), ctx.json ? 100000 : 200), offset: num(opt(ctx.args, 'offset'), 0) });
    ctx.print(page, () => [
      ctx.t(`${channelId} ${period}：共 ${page.total} 条，显示 ${page.rows.length} 条`, `${channelId} ${period}: ${page.total} records, showing ${page.rows.length}`),
      ...page.rows.map((r) => [r.side, r.kind, formatInstant(r.occurredAt, r.side === 'internal' ? workspaceZone : channelZone), r.orderId ?? '-', r.channelTxnId ?? '-', formatMoney(r.amountMinor, r.currency), formatMoney(r.feeMinor, r.currency), r.currency, r.status ?? ''].join('  ')),
    ]);
  },
};

const profileList: CliCommand = {
  name: 'profile list',
  usage: 'profile list',
  summary: { zh: '列出导入模板（内置和自定义）', en: 'List import profiles (built-in and user)' },
  access: 'read',
  run(ctx) {
    const list = listProfiles(ctx.workspace().db);
    ctx.print(list, () => list.map((p) => `${p.id.padEnd(16)} ${p.side.padEnd(8)} ${(p.channelId ?? '-').padEnd(8)} ${p.builtin ? ctx.t('内置', 'built-in') : ctx.t('自定义', 'user')}  ${p.name}`));
  },
};

const profileShow: CliCommand = {
  name: 'profile show',
  usage: 'profile show ID',
  summary: { zh: '显示导入模板的定义（JSON）', en: 'Show an import profile (JSON)' },
  access: 'read',
  run(ctx) {
    const { profile } = getProfile(ctx.workspace().db, requirePositional(ctx, 0, 'ID'));
    ctx.print(profile, () => [JSON.stringify(profile, null, 2)]);
  },
};

const profileAdd: CliCommand = {
  name: 'profile add',
  usage: 'profile add FILE.json',
  summary: { zh: '从 JSON 文件添加或更新导入模板', en: 'Add or update an import profile from a JSON file' },
  run(ctx) {
    const file = requirePositional(ctx, 0, 'FILE.json');
    const profile = saveProfile(ctx.workspace().db, readProfileJson(file), file);
    ctx.print(profile, () => [ctx.t(`导入模板 ${profile.id}（${profile.name}）已保存`, `Import profile ${profile.id} (${profile.name}) saved`)]);
  },
};

const profileExport: CliCommand = {
  name: 'profile export',
  usage: 'profile export ID --out FILE.json',
  summary: { zh: '把导入模板导出为 JSON 文件，便于团队共享', en: 'Export an import profile as JSON to share it' },
  access: 'read',
  options: { out: {} },
  run(ctx) {
    const id = requirePositional(ctx, 0, 'ID');
    const out = opt(ctx.args, 'out');
    if (!out) throw new UserError('cli.missing_argument', '缺少参数：--out FILE', 'Missing argument: --out FILE');
    const { profile } = getProfile(ctx.workspace().db, id);
    writeFileSync(out, JSON.stringify(profile, null, 2) + '\n');
    ctx.print({ profile: id, path: out }, () => [ctx.t(`已导出模板 ${id} 到 ${out}`, `Exported profile ${id} to ${out}`)]);
  },
};

function readProfileJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UserError('profile.bad_json', `无法读取模板文件 ${file}：${(e as Error).message}`, `Cannot read profile file ${file}: ${(e as Error).message}`, { file });
  }
}

const profileCheck: CliCommand = {
  name: 'profile check',
  usage: 'profile check FILE.json BILL [--channel ID | --internal] [--rows N]',
  summary: { zh: '用账单试用导入模板：显示前几行记录、行数核对和合计核对，不导入', en: 'Try an import profile on a bill: first records, row accounting and totals check, without importing' },
  options: { channel: {}, internal: { flag: true }, rows: {} },
  run(ctx) {
    const profileFile = requirePositional(ctx, 0, 'FILE.json');
    const bill = requirePositional(ctx, 1, 'BILL');
    const rowsOpt = opt(ctx.args, 'rows');
    const rows = rowsOpt !== undefined && /^\d+$/.test(rowsOpt) ? Number(rowsOpt) : 10;
    const db = ctx.workspace().db;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(bill);
    } catch (e) {
      throw new UserError('import.cannot_read', `无法读取文件 ${bill}：${(e as Error).message}`, `Cannot read file ${bill}: ${(e as Error).message}`, { file: bill });
    }
    try {
      const check = checkProfile(db, readProfileJson(profileFile), profileFile, bytes, basename(bill), {
        channelId: opt(ctx.args, 'channel'), internal: ctx.args.flags.has('internal') || undefined, rows,
      });
      const zoneOf = (channelId: string) => findChannel(db, channelId)?.timeZone ?? getSetting(db, 'time_zone') ?? 'Asia/Shanghai';
      ctx.print({ ok: true, ...check }, () => [
        ctx.t(`模板 ${profileFile} 适用于 ${basename(bill)}（试读，未导入）`, `Profile ${profileFile} fits ${basename(bill)} (trial read, nothing imported)`),
        ...summaryLines(ctx, check.summary),
        ctx.t(`  前 ${check.records.length} 条记录：`, `  first ${check.records.length} records:`),
        ...check.records.map((r) => '    ' + [`#${r.rowNumber}`, r.kind, formatInstant(r.occurredAt, zoneOf(r.channelId)), r.period, r.orderId ?? '-', r.channelTxnId ?? '-', r.refundId ?? '-',
          formatMoney(r.amountMinor, r.currency), formatMoney(r.feeMinor, r.currency), r.currency].join('  ')),
      ]);
      return 0;
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      ctx.print({ ok: false, error: { key: e.key, zh: e.zh, en: e.en, ...(e.details ? { details: e.details } : {}) } }, () => [ctx.t(`✘ ${bill}：${e.zh}`, `✘ ${bill}: ${e.en}`)]);
      return 1;
    }
  },
};

export const importCommands: CliCommand[] = [importCommand, filesCommand, recordsCommand, profileList, profileShow, profileAdd, profileExport, profileCheck];
