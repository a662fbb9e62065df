// Pure arithmetic of the workbench: the period waiver cap, what a selection adds up to, the running sums
// of a manual match, amount filters typed by the user. Integers in minor units throughout.
import type { ChannelSettings } from '../../../../shared/domain';
import { currencyExponent, parseMoney } from '../../../../shared/money';
import type { ChannelPeriodReport, DifferenceRecord, DifferenceView } from '../../../../shared/report';

export interface CapUse {
  /** The most that may be waived this period; null when the channel sets no cap. */
  cap: number | null;
  used: number;
  /** What is left under the cap (never negative); null without a cap. */
  left: number | null;
}

/**
 * The period cap as domain.md defines it: the smaller of the absolute cap and the share of gross. The
 * engine applies the same rule when it waives automatically; the share is rounded down, in BigInt
 * because gross × basis points can pass 2^53.
 */
export function capUse(channel: Pick<ChannelSettings, 'periodCapMinor' | 'periodCapBps'>, report: Pick<ChannelPeriodReport, 'gross' | 'waived_total'>): CapUse {
  const caps: number[] = [];
  if (channel.periodCapMinor !== null) caps.push(channel.periodCapMinor);
  if (channel.periodCapBps !== null) caps.push(Number((BigInt(Math.max(report.gross, 0)) * BigInt(channel.periodCapBps)) / 10000n));
  const cap = caps.length === 0 ? null : Math.min(...caps);
  return { cap, used: report.waived_total, left: cap === null ? null : Math.max(0, cap - report.waived_total) };
}

/** True when waiving `extra` more (Σ |difference|) would pass the cap, so the user must say so explicitly. */
export function passesCap(use: CapUse, extra: number): boolean {
  return use.cap !== null && use.used + extra > use.cap;
}

/** Per mille of the cap used, for the gauge (capped at 1000). */
export function capShare(use: CapUse): number | null {
  if (use.cap === null) return null;
  if (use.cap === 0) return use.used > 0 ? 1000 : 0;
  return Math.min(1000, Math.floor((use.used * 1000) / use.cap));
}

/**
 * The share of the cap used as a person reads it, not capped at 100%: 295.47 of 10.00 is "2,954.7%".
 * Rounded down to a tenth of a percent from integers; null without a cap, "∞" for a zero cap used.
 */
export function capPercentText(use: CapUse): string | null {
  if (use.cap === null) return null;
  if (use.cap === 0) return use.used > 0 ? '∞' : '0.0%';
  const perMille = Math.floor((use.used * 1000) / use.cap);
  return `${Math.floor(perMille / 10).toLocaleString('en-US')}.${perMille % 10}%`;
}

/** True when more than the cap is already waived. */
export function overCap(use: CapUse): boolean {
  return use.cap !== null && use.used > use.cap;
}

export interface SelectionTotals {
  count: number;
  /** Σ |difference| — what a bulk confirmation states. */
  amountMinor: number;
  channelNetMinor: number;
}

export function selectionTotals(rows: Iterable<Pick<DifferenceView, 'differenceMinor' | 'channelNetMinor'>>): SelectionTotals {
  let count = 0;
  let amount = 0;
  let net = 0;
  for (const r of rows) {
    count++;
    amount += Math.abs(r.differenceMinor);
    net += r.channelNetMinor;
  }
  return { count, amountMinor: amount, channelNetMinor: net };
}

/** A refund counts against its side's total, as in the engine's manual match. */
function signed(r: Pick<DifferenceRecord, 'kind' | 'amountMinor'>): number {
  return r.kind === 'refund' ? -r.amountMinor : r.amountMinor;
}

export interface ManualTotals {
  internalMinor: number;
  channelMinor: number;
  /** channel − internal, as the engine records it. */
  differenceMinor: number;
  /** Both sides picked and at most one side has several records. */
  allowed: boolean;
}

export function manualTotals(internal: readonly Pick<DifferenceRecord, 'kind' | 'amountMinor'>[], channel: readonly Pick<DifferenceRecord, 'kind' | 'amountMinor'>[]): ManualTotals {
  const internalMinor = internal.reduce((s, r) => s + signed(r), 0);
  const channelMinor = channel.reduce((s, r) => s + signed(r), 0);
  return {
    internalMinor,
    channelMinor,
    differenceMinor: channelMinor - internalMinor,
    allowed: internal.length > 0 && channel.length > 0 && (internal.length === 1 || channel.length === 1),
  };
}

/** An amount typed in a filter box: empty = no bound, otherwise minor units of the channel's currency. */
export function amountBound(text: string, currency: string): number | undefined | 'invalid' {
  if (text.trim() === '') return undefined;
  const r = parseMoney(text, { exponent: currencyExponent(currency) });
  if (!r.ok || r.minor < 0) return 'invalid';
  return r.minor;
}

const DAY_MS = 86_400_000;

/** Whole days from an instant to now (the age of a difference), never negative. */
export function ageDays(occurredAt: number, now: number): number {
  return Math.max(0, Math.floor((now - occurredAt) / DAY_MS));
}
