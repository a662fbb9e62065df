import { addToBlacklist, importBlacklist, listBlacklist } from '../risk/blacklist';
import { backtest, decideHit, listHits, ruleSettings, screenPeriod, setRule } from '../risk/screen';
import type { riskContract } from '../../../shared/contract/risk';
import type { HandlerMap } from './types';

export const riskHandlers: HandlerMap<keyof typeof riskContract> = {
  'risk.rules': (ctx, input) => ruleSettings(ctx.workspace.db, input.channelId),
  'risk.rule.set': (ctx, input) => setRule(ctx.workspace.db, input),
  'risk.screen': (ctx, input) => screenPeriod(ctx.workspace.db, input),
  'risk.hits': (ctx, input) => listHits(ctx.workspace.db, input),
  'risk.decide': (ctx, input) => decideHit(ctx.workspace.db, input),
  'risk.backtest': (ctx, input) => backtest(ctx.workspace.db, input),
  'risk.blacklist': (ctx, input) => listBlacklist(ctx.workspace.db, input.type),
  'risk.blacklist.add': (ctx, input) => addToBlacklist(ctx.workspace.db, input),
  'risk.blacklist.import': (ctx, input) => {
    const { path, name } = ctx.resolveFile(input.file);
    return importBlacklist(ctx.workspace.db, path, name);
  },
};
