// A match run is followed by the risk screening of the same channels and period: the rules read the
// same records, and the review queue (审核) is then current with the differences. A preview writes
// nothing, so it screens nothing either.
import type { MatchRunResult } from '../../../shared/contract/match';
import { runMatch } from '../match/run';
import type { DB } from '../workspace/db';
import { screenPeriod } from './screen';

export function matchAndScreen(db: DB, input: Parameters<typeof runMatch>[1]): MatchRunResult {
  const result = runMatch(db, input);
  if (result.preview) return result;
  const channels = result.channels.filter((c) => !c.skipped).flatMap((c) => screenPeriod(db, { period: result.period, channelId: c.channel }).channels);
  return { ...result, risk: { period: result.period, channels } };
}
