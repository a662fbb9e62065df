// Candidates for channel rows the keys could not match (a bank line without an order id, an order id
// typed wrong): open internal-side differences of the same channel with the same amount, paid within a
// time window. Offered for a person to confirm with a manual match; never applied by the engine. The open
// internal-side differences drive the query (CROSS JOIN keeps that order): they are few, orders are many.
import type { Suggestion } from '../../../shared/contract/match';
import type { DB } from '../workspace/db';

export function listSuggestions(db: DB, q: { channelId: string; period: string; windowMinutes?: number; limit?: number }): Suggestion[] {
  const windowMs = (q.windowMinutes ?? 24 * 60) * 60_000;
  const rows = db.prepare(`
    SELECT d.id AS difference_id, r.id AS record_id, r.amount_minor, r.occurred_at
    FROM differences d JOIN difference_records dr ON dr.difference_id = d.id AND dr.side = 'channel' JOIN records r ON r.id = dr.record_id
    WHERE d.channel_id = ? AND d.period = ? AND d.active = 1 AND d.status = 'open' AND d.category = 'channel_only'
    ORDER BY r.occurred_at, r.id LIMIT ?`).all(q.channelId, q.period, q.limit ?? 200) as { difference_id: number; record_id: number; amount_minor: number; occurred_at: number }[];
  const candidates = db.prepare(`
    SELECT r.id, d.id AS difference_id, r.order_id, r.amount_minor, r.occurred_at
    FROM differences d CROSS JOIN difference_records dr CROSS JOIN records r
    WHERE dr.difference_id = d.id AND r.id = dr.record_id AND d.channel_id = ? AND r.side = 'internal' AND r.amount_minor = ? AND r.occurred_at BETWEEN ? AND ?
      AND d.active = 1 AND d.status = 'open' AND d.category IN ('internal_only', 'carried_forward')
    ORDER BY ABS(r.occurred_at - ?), r.id LIMIT 10`);
  const out: Suggestion[] = [];
  for (const row of rows) {
    const found = candidates.all(q.channelId, row.amount_minor, row.occurred_at - windowMs, row.occurred_at + windowMs, row.occurred_at) as
      { id: number; difference_id: number; order_id: string | null; amount_minor: number; occurred_at: number }[];
    if (found.length === 0) continue;
    out.push({
      differenceId: row.difference_id,
      channelRecordId: row.record_id,
      amountMinor: row.amount_minor,
      occurredAt: row.occurred_at,
      candidates: found.map((c) => ({ internalRecordId: c.id, differenceId: c.difference_id, orderId: c.order_id, amountMinor: c.amount_minor, occurredAt: c.occurred_at, secondsApart: Math.round(Math.abs(c.occurred_at - row.occurred_at) / 1000) })),
    });
  }
  return out;
}
