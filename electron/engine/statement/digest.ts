// The data digest printed on a statement, so that a copy that comes back weeks later (signed, or
// edited) can be checked against the workspace. Canonical form, version 1 — UTF-8 lines joined by LF:
//
//   recondesk-statement-v1
//   channel <id>
//   period <YYYY-MM>
//   currency <ISO code>
//   figures <payment_rows> <refund_rows> <gross> <refunds> <fees> <net> <agreed> <disputed> <claims> <waived_total> <waived_count>
//   M <channel record id> <internal record id> <kind> <amount> <fee>          one per matched row, by channel record id
//   D <difference id> <category> <status> <resolution|-> <channel amount> <internal amount> <channel net> <record ids, ascending, comma-separated>
//                                                                          one per difference, by difference id
//
// Amounts are integer minor units in decimal. Notes, names and times are left out on purpose: they
// may be corrected without changing what was agreed; any change of a figure, a record in a match, or
// a resolution changes the digest.
import { createHash } from 'node:crypto';
import type { ChannelPeriodReport, DifferenceView } from '../../../shared/report';
import type { MatchedLine } from './model';

export const DIGEST_VERSION = 'recondesk-statement-v1';

export interface DigestInput {
  channelId: string;
  period: string;
  currency: string;
  report: ChannelPeriodReport;
  differences: readonly DifferenceView[];
  matched: Iterable<MatchedLine>;
}

export function statementDigest(input: DigestInput): string {
  const hash = createHash('sha256');
  const r = input.report;
  hash.update([
    DIGEST_VERSION,
    `channel ${input.channelId}`,
    `period ${input.period}`,
    `currency ${input.currency}`,
    `figures ${[r.payment_rows, r.refund_rows, r.gross, r.refunds, r.fees, r.net, r.agreed, r.disputed, r.claims, r.waived_total, r.waived_count].join(' ')}`,
  ].join('\n'));
  let lastId = -Infinity;
  let batch = '';
  for (const m of input.matched) {
    if (m.channelRecordId <= lastId) throw new Error('matched rows must come in ascending channel record id order');
    lastId = m.channelRecordId;
    batch += `\nM ${m.channelRecordId} ${m.internalRecordId} ${m.kind} ${m.amountMinor} ${m.feeMinor}`;
    if (batch.length > 65_536) {
      hash.update(batch);
      batch = '';
    }
  }
  hash.update(batch);
  const diffs = [...input.differences].sort((a, b) => a.id - b.id);
  for (const d of diffs) {
    const ids = [...d.channel, ...d.internal].map((x) => x.id).sort((a, b) => a - b).join(',');
    hash.update(`\nD ${d.id} ${d.category} ${d.status} ${d.resolution ?? '-'} ${d.channelAmountMinor} ${d.internalAmountMinor} ${d.channelNetMinor} ${ids}`);
  }
  return hash.digest('hex');
}
