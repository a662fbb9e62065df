// Times are stored as instants (epoch ms). Bills write local wall-clock times of the channel's time
// zone; periods are months of that zone. Intl is slow per call, so zone offsets are cached per hour.

const offsetCache = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Offset of `timeZone` from UTC in ms at the given instant (e.g. +8h for Asia/Shanghai). */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const hourKey = `${timeZone}|${Math.floor(instant / 3_600_000)}`;
  const cached = offsetCache.get(hourKey);
  if (cached !== undefined) return cached;
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = asUtc - Math.floor(instant / 1000) * 1000;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hourKey, offset);
  return offset;
}

export interface WallClock {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
}

export function isValidWallClock(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const daysInMonth = new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
  return w.day <= daysInMonth;
}

/** The instant at which the wall clock `w` is shown in `timeZone`. */
export function wallClockToInstant(w: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  // Two rounds settle the offset around DST changes; China has none, but Stripe/PayPal users may.
  let instant = asUtc - zoneOffsetMs(timeZone, asUtc);
  instant = asUtc - zoneOffsetMs(timeZone, instant);
  return instant;
}

export function instantToWallClock(instant: number, timeZone: string): WallClock {
  const d = new Date(instant + zoneOffsetMs(timeZone, instant));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

/** "2026-10" for an instant, in the given zone. */
export function periodOf(instant: number, timeZone: string): string {
  const w = instantToWallClock(instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}`;
}

/** First instant of the period in the zone; periodEnd(p) = periodStart(next(p)). */
export function periodStart(period: string, timeZone: string): number {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return wallClockToInstant({ year: y, month: m, day: 1, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** "2026-10-31 23:59:59" in the zone. */
export function formatInstant(instant: number, timeZone: string): string {
  const w = instantToWallClock(instant, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${p(w.month)}-${p(w.day)} ${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}

/** The zone of this machine or browser: screens and exports name it once beside the local times they show. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** A stored ISO instant as local wall-clock time, "2026-10-31 23:59:59"; '' for none. */
export function formatLocalTime(iso: string | null | undefined, timeZone: string = localTimeZone()): string {
  if (!iso) return '';
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? iso : formatInstant(instant, timeZone);
}
