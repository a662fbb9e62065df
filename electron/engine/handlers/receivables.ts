import type { receivablesContract } from '../../../shared/contract/receivables';
import { listAccounts, saveAccount } from '../bank/accounts';
import { UserError } from '../errors';
import { readFileShared } from '../import/file-bytes';
import { importBankFile } from '../import/pipeline';
import { assignReceipt, resolveReceiptDifference, undoReceiptResolution, unassignReceipt } from '../receivables/decisions';
import { receivablesOverview, today } from '../receivables/index';
import { writeReceivablesReport } from '../receivables/report';
import { listReceiptSettings, saveReceiptSettings } from '../receivables/settings';
import type { HandlerMap } from './types';

export const receivablesHandlers: HandlerMap<keyof typeof receivablesContract> = {
  'account.list': (ctx) => listAccounts(ctx.workspace.db),
  'account.save': (ctx, input) => saveAccount(ctx.workspace.db, input),
  'bank.import': (ctx, input) => {
    const { path, name } = ctx.resolveFile(input.fileRef);
    let bytes: Uint8Array;
    try {
      bytes = readFileShared(path);
    } catch (e) {
      throw new UserError('import.cannot_read', `无法读取文件 ${name}：${(e as Error).message}`, `Cannot read file ${name}: ${(e as Error).message}`, { file: name });
    }
    return importBankFile(ctx.workspace.db, bytes, name, { profileId: input.profileId, accountNo: input.accountNo, signal: ctx.signal });
  },
  'receipts.settings': (ctx) => listReceiptSettings(ctx.workspace.db),
  'receipts.saveSettings': (ctx, input) => saveReceiptSettings(ctx.workspace.db, input),
  'receivables.overview': (ctx, input) => receivablesOverview(ctx.workspace.db, input),
  'receipts.assign': (ctx, input) => {
    assignReceipt(ctx.workspace.db, input);
    return receivablesOverview(ctx.workspace.db);
  },
  'receipts.unassign': (ctx, input) => {
    unassignReceipt(ctx.workspace.db, input.bankRowId);
    return receivablesOverview(ctx.workspace.db);
  },
  'receipts.resolve': (ctx, input) => {
    resolveReceiptDifference(ctx.workspace.db, input);
    return receivablesOverview(ctx.workspace.db);
  },
  'receipts.undo': (ctx, input) => {
    undoReceiptResolution(ctx.workspace.db, input.key);
    return receivablesOverview(ctx.workspace.db);
  },
  'receivables.export': (ctx, input) => {
    const asOf = input.asOf ?? today(ctx.workspace.db);
    const outPath = ctx.outputPath(input.fileName ?? `对账回款函-${input.channelId ?? 'all'}-${asOf}.xlsx`);
    const f = writeReceivablesReport(ctx.workspace.db, outPath, { channelId: input.channelId, asOf });
    return { path: f.path, sha256: f.sha256, bytes: f.bytes, rows: f.rows };
  },
};
