import type { statementContract } from '../../../shared/contract/statement';
import type { Lang } from '../../../shared/errors';
import { periodStatus } from '../inbox/status';
import { runInboxOn } from '../inbox/run';
import { deliverRunMail } from '../mail/deliver';
import { exportDifferencesCsv, exportStatement, statementHtml, verifyStatement } from '../statement';
import { applyDisputeAnswers, exportDisputes, readDisputeAnswersFile } from '../statement/disputes';
import { statementReadiness } from '../statement/readiness';
import type { HandlerMap } from './types';

/** The file name a front door gets when the user did not choose one. */
export function defaultExportName(kind: 'statement' | 'html' | 'diffs' | 'disputes', channelId: string, period: string, lang: Lang): string {
  const stem = {
    statement: lang === 'zh' ? '对账确认单' : 'statement',
    html: lang === 'zh' ? '对账确认单' : 'statement',
    diffs: lang === 'zh' ? '差错清单' : 'differences',
    disputes: lang === 'zh' ? '争议清单' : 'disputes',
  }[kind];
  const ext = kind === 'html' ? 'html' : kind === 'diffs' ? 'csv' : 'xlsx';
  return `${stem}-${channelId}-${period}.${ext}`;
}

export const statementHandlers: HandlerMap<keyof typeof statementContract> = {
  'statement.export': (ctx, input) => {
    const lang = input.lang ?? 'zh';
    const outPath = ctx.outputPath(input.fileName ?? defaultExportName('statement', input.channelId, input.period, lang));
    const { path, sha256, bytes, channelId, period, digest, matchedRows, differenceRows, carriedRows, report, number } = exportStatement(ctx.workspace.db, { ...input, lang, outPath });
    return { path, sha256, bytes, channelId, period, digest, matchedRows, differenceRows, carriedRows, report, number };
  },
  'statement.html': (ctx, input) => {
    const lang = input.lang ?? 'zh';
    const outPath = input.save ? ctx.outputPath(input.fileName ?? defaultExportName('html', input.channelId, input.period, lang)) : undefined;
    return statementHtml(ctx.workspace.db, { channelId: input.channelId, period: input.period, lang, ...(outPath ? { outPath } : {}) });
  },
  'statement.readiness': (ctx, input) => statementReadiness(ctx.workspace.db, input.channelId, input.period),
  'statement.verify': (ctx, input) => verifyStatement(ctx.workspace.db, ctx.resolveFile(input.file).path),
  'differences.exportCsv': (ctx, input) => {
    const lang = input.lang ?? 'zh';
    const outPath = ctx.outputPath(input.fileName ?? defaultExportName('diffs', input.channelId, input.period, lang));
    return exportDifferencesCsv(ctx.workspace.db, { ...input, lang, outPath });
  },
  'disputes.export': (ctx, input) => {
    const lang = input.lang ?? 'zh';
    const outPath = ctx.outputPath(input.fileName ?? defaultExportName('disputes', input.channelId, input.period, lang));
    return exportDisputes(ctx.workspace.db, { channelId: input.channelId, period: input.period, lang, outPath });
  },
  'disputes.readAnswers': (ctx, input) => readDisputeAnswersFile(ctx.workspace.db, ctx.resolveFile(input.file).path),
  // The file is read again rather than trusting proposals sent back by the front door.
  'disputes.apply': (ctx, input) => {
    const db = ctx.workspace.db;
    return applyDisputeAnswers(db, readDisputeAnswersFile(db, ctx.resolveFile(input.file).path), input.confirm);
  },
  'inbox.run': (ctx, input) => {
    const run = runInboxOn(ctx.workspace.db, {
      inbox: ctx.resolveFile(input.inbox).path,
      ...(input.period ? { period: input.period } : {}), ...(input.lang ? { lang: input.lang } : {}),
      ...(input.settleSeconds !== undefined ? { settleSeconds: input.settleSeconds } : {}),
    });
    return input.mail ? deliverRunMail(ctx.workspace.db, run, input.lang ? { lang: input.lang } : {}) : run;
  },
  'status.period': (ctx, input) => periodStatus(ctx.workspace.db, input.period),
};
