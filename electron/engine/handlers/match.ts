import type { matchContract } from '../../../shared/contract/match';
import { getChannel } from '../channels';
import { runMatch } from '../match/run';
import { listSuggestions } from '../match/suggest';
import { channelReport, computeReport, countDifferences, getDifference, listDifferences } from '../report';
import { closePeriod, reopenPeriod } from '../resolve/periods';
import { bulkResolve, manualMatch, resolveDifference, undoDifference } from '../resolve/resolve';
import { currentOperator } from '../workspace/audit';
import type { HandlerMap } from './types';

export const matchHandlers: HandlerMap<keyof typeof matchContract> = {
  'match.run': (ctx, input) => runMatch(ctx.workspace.db, input),
  'report.get': (ctx, input) => computeReport(ctx.workspace.db, input),
  'diffs.list': (ctx, input) => listDifferences(ctx.workspace.db, input),
  'diffs.count': (ctx, input) => countDifferences(ctx.workspace.db, input),
  'diff.get': (ctx, input) => getDifference(ctx.workspace.db, input.id),
  'diff.resolve': (ctx, input) => resolveDifference(ctx.workspace.db, input.id, input),
  'diff.bulkResolve': (ctx, { as, note, reason, ...filter }) => bulkResolve(ctx.workspace.db, filter, { as, note, reason }),
  'diff.undo': (ctx, input) => undoDifference(ctx.workspace.db, input.id, input.note),
  'match.manual': (ctx, input) => manualMatch(ctx.workspace.db, input),
  'period.close': (ctx, input) => {
    const db = ctx.workspace.db;
    const closed = closePeriod(db, input.channelId, input.period, channelReport(db, getChannel(db, input.channelId), input.period), input.note, { withOpen: input.withOpen ?? false });
    return { channelId: closed.channelId, period: closed.period, closed: true, at: closed.closedAt, by: closed.closedBy, note: closed.note };
  },
  'period.reopen': (ctx, input) => {
    const db = ctx.workspace.db;
    reopenPeriod(db, input.channelId, input.period, input.note);
    return { channelId: input.channelId, period: input.period, closed: false, at: new Date().toISOString(), by: currentOperator(db), note: input.note };
  },
  'suggestions.list': (ctx, input) => listSuggestions(ctx.workspace.db, input),
};
