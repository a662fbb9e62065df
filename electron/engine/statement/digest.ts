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
import { createHash, type Hash } from 'node:crypto';
import type { ChannelPeriodReport, DifferenceView } from '../../../shared/report';
import type { MatchedLine } from './model';

export const DIGEST_VERSION = 'recondesk-statement-v1';

export interface DigestHeader {
  channelId: string;
  period: string;
  currency: string;
  report: ChannelPeriodReport;
}

/** Fed the matched rows as they stream by (the statement writes them in the same pass), then finished. */
export class StatementDigest {
  private readonly hash: Hash = createHash('sha256');
  private lastId = -Infinity;
  private batch = '';

  constructor(h: DigestHeader) {
    const r = h.report;
    this.hash.update([
      DIGEST_VERSION,
      `channel ${h.channelId}`,
      `period ${h.period}`,
      `currency ${h.currency}`,
      `figures ${[r.payment_rows, r.refund_rows, r.gross, r.refunds, r.fees, r.net, r.agreed, r.disputed, r.claims, r.waived_total, r.waived_count].join(' ')}`,
    ].join('\n'));
  }

  matched(m: MatchedLine): void {
    if (m.channelRecordId <= this.lastId) throw new Error('matched rows must come in ascending channel record id order');
    this.lastId = m.channelRecordId;
    this.batch += `\nM ${m.channelRecordId} ${m.internalRecordId} ${m.kind} ${m.amountMinor} ${m.feeMinor}`;
    if (this.batch.length > 65_536) {
      this.hash.update(this.batch);
      this.batch = '';
    }
  }

  finish(differences: readonly DifferenceView[]): string {
    this.hash.update(this.batch);
    this.batch = '';
    for (const d of [...differences].sort((a, b) => a.id - b.id)) {
      const ids = [...d.channel, ...d.internal].map((x) => x.id).sort((a, b) => a - b).join(',');
      this.hash.update(`\nD ${d.id} ${d.category} ${d.status} ${d.resolution ?? '-'} ${d.channelAmountMinor} ${d.internalAmountMinor} ${d.channelNetMinor} ${ids}`);
    }
    return this.hash.digest('hex');
  }
}

export function statementDigest(input: DigestHeader & { differences: readonly DifferenceView[]; matched: Iterable<MatchedLine> }): string {
  const digest = new StatementDigest(input);
  for (const m of input.matched) digest.matched(m);
  return digest.finish(input.differences);
}
