// When a channel is expected to pay an agreed statement, and how long money has been outstanding.
// Days are calendar days written YYYY-MM-DD; pure arithmetic on UTC dates, no time zones involved.
import type { PaymentRule } from '../../../shared/contract/receivables';

const DAY_MS = 86_400_000;

const parsed = new Map<string, number>();

function toUtc(day: string): number {
  let ms = parsed.get(day);
  if (ms === undefined) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    ms = Date.UTC(y, m - 1, d);
    parsed.set(day, ms);
  }
  return ms;
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

/** b − a in days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** Day `day` of the month `months` after `period`, clamped to that month's last day. */
function dayOfMonthAfter(period: string, months: number, day: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(day, last)));
}

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
function weekday(day: string): number {
  const d = new Date(toUtc(day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The day the channel should have paid the statement of `period`, issued on `issuedOn`. */
export function expectedDate(rule: PaymentRule, period: string, issuedOn: string): string {
  switch (rule.kind) {
    case 'day-of-next-month':
      return dayOfMonthAfter(period, 1, rule.n);
    case 'days-after-statement':
      return addDays(issuedOn, rule.n);
    case 'weekly': {
      const target = rule.n >= 1 && rule.n <= 7 ? rule.n : 1;
      const ahead = (target - weekday(issuedOn) + 7) % 7 || 7;
      return addDays(issuedOn, ahead);
    }
    case 'months-later':
      return dayOfMonthAfter(period, rule.n, rule.day);
  }
}
