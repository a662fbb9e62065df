import type { workspaceContract } from '../../../shared/contract/workspace';
import { listChannels, saveChannel } from '../channels';
import { appendAudit, checkAuditChain, currentOperator, listAudit } from '../workspace/audit';
import { getSetting, schemaVersion, setSetting, writeTransaction, type DB } from '../workspace/db';
import { getParties, setCompany, setCounterparty } from '../parties';
import type { HandlerMap } from './types';

function info(db: DB, path: string, withChain = false) {
  const broken = withChain ? checkAuditChain(db).brokenAt : null;
  return {
    path,
    schemaVersion: schemaVersion(db),
    operator: currentOperator(db),
    language: getSetting(db, 'language') === 'en' ? ('en' as const) : ('zh' as const),
    ...(broken ? { auditBrokenAt: { id: broken.id, at: broken.at, action: broken.action } } : {}),
    latestPeriod: (db.prepare('SELECT MAX(period) FROM record_ranges').pluck().get() as string | null) ?? null,
  };
}

export const workspaceHandlers: HandlerMap<keyof typeof workspaceContract> = {
  'audit.list': (ctx, input) => {
    const chain = checkAuditChain(ctx.workspace.db);
    return { entries: listAudit(ctx.workspace.db, input), chainIntact: chain.intact, chain };
  },
  'audit.verify': (ctx) => checkAuditChain(ctx.workspace.db),
  'workspace.info': (ctx) => info(ctx.workspace.db, ctx.workspace.path, true),
  'settings.set': (ctx, input) => {
    const db = ctx.workspace.db;
    writeTransaction(db, () => {
      const before = info(db, ctx.workspace.path);
      if (input.operator !== undefined) setSetting(db, 'operator', input.operator);
      if (input.language !== undefined) setSetting(db, 'language', input.language);
      // The UI language is a preference of the screen, not a change to the books: not an audit event.
      if (input.operator !== undefined) appendAudit(db, { action: 'settings.set', before: { operator: before.operator }, after: { operator: input.operator } });
    });
    return info(db, ctx.workspace.path);
  },
  'parties.get': (ctx) => getParties(ctx.workspace.db),
  'company.set': (ctx, input) => setCompany(ctx.workspace.db, input),
  'counterparty.set': (ctx, { channelId, ...patch }) => setCounterparty(ctx.workspace.db, channelId, patch),
  'channel.list': (ctx) => listChannels(ctx.workspace.db),
  'channel.save': (ctx, input) => saveChannel(ctx.workspace.db, input),
};
