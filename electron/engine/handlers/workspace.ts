import type { workspaceContract } from '../../../shared/contract/workspace';
import { listChannels, saveChannel } from '../channels';
import { appendAudit, currentOperator, listAudit, verifyAuditChain } from '../workspace/audit';
import { getSetting, schemaVersion, setSetting, writeTransaction, type DB } from '../workspace/db';
import type { HandlerMap } from './types';

function info(db: DB, path: string) {
  return {
    path,
    schemaVersion: schemaVersion(db),
    operator: currentOperator(db),
    language: getSetting(db, 'language') === 'en' ? ('en' as const) : ('zh' as const),
  };
}

export const workspaceHandlers: HandlerMap<keyof typeof workspaceContract> = {
  'audit.list': (ctx, input) => ({
    entries: listAudit(ctx.workspace.db, input),
    chainIntact: verifyAuditChain(ctx.workspace.db) === null,
  }),
  'workspace.info': (ctx) => info(ctx.workspace.db, ctx.workspace.path),
  'settings.set': (ctx, input) => {
    const db = ctx.workspace.db;
    writeTransaction(db, () => {
      const before = info(db, ctx.workspace.path);
      if (input.operator !== undefined) setSetting(db, 'operator', input.operator);
      if (input.language !== undefined) setSetting(db, 'language', input.language);
      appendAudit(db, { action: 'settings.set', before, after: input });
    });
    return info(db, ctx.workspace.path);
  },
  'channel.list': (ctx) => listChannels(ctx.workspace.db),
  'channel.save': (ctx, input) => saveChannel(ctx.workspace.db, input),
};
