import type { matchContract } from '../../../shared/contract/match';
import { matchAndScreen } from '../risk/match-and-screen';
import { listSuggestions } from '../match/suggest';
import { computeReport, countDifferences, getDifference, listDifferences } from '../report';
import { decideOrRequest } from '../resolve/approvals';
import type { closePeriod } from '../resolve/periods';
import { undoDifference } from '../resolve/resolve';
import { currentOperator } from '../workspace/audit';
import type { HandlerMap } from './types';

export const matchHandlers: HandlerMap<keyof typeof matchContract> = {
  'match.run': (ctx, input) => matchAndScreen(ctx.workspace.db, input),
  'report.get': (ctx, input) => computeReport(ctx.workspace.db, input),
  'diffs.list': (ctx, input) => listDifferences(ctx.workspace.db, input),
  'diffs.count': (ctx, input) => countDifferences(ctx.workspace.db, input),
  'diff.get': (ctx, input) => getDifference(ctx.workspace.db, input.id),
  'diff.resolve': (ctx, input) => decideOrRequest(ctx.workspace.db, { kind: 'resolve', id: input.id, decision: { as: input.as, note: input.note, ...(input.reason ? { reason: input.reason } : {}) } }),
  'diff.bulkResolve': (ctx, { as, note, reason, ...filter }) => decideOrRequest(ctx.workspace.db, { kind: 'bulk_resolve', filter, decision: { as, note, ...(reason ? { reason } : {}) } }),
  'diff.undo': (ctx, input) => undoDifference(ctx.workspace.db, input.id, input.note),
  'match.manual': (ctx, input) => decideOrRequest(ctx.workspace.db, { kind: 'manual_match', input }),
  'period.close': (ctx, input) => {
    const db = ctx.workspace.db;
    const closed = decideOrRequest<ReturnType<typeof closePeriod>>(db, { kind: 'close', channelId: input.channelId, period: input.period, note: input.note, withOpen: input.withOpen ?? false });
    return { channelId: closed.channelId, period: closed.period, closed: true, at: closed.closedAt, by: closed.closedBy, note: closed.note };
  },
  'period.reopen': (ctx, input) => {
    const db = ctx.workspace.db;
    decideOrRequest(db, { kind: 'reopen', channelId: input.channelId, period: input.period, note: input.note });
    return { channelId: input.channelId, period: input.period, closed: false, at: new Date().toISOString(), by: currentOperator(db), note: input.note };
  },
  'suggestions.list': (ctx, input) => listSuggestions(ctx.workspace.db, input),
};
