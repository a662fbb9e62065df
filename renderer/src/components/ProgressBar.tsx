import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../shared/contract';
import { useT } from '../i18n';

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Tenths of a second: the clock visibly moves even while the engine is busy committing. */
function elapsed(seconds: number): string {
  return seconds < 60 ? `${Math.max(0, seconds).toFixed(1)}s` : duration(seconds);
}

/**
 * Rows done, rate and time left of a long command, as the engine reports them, and the time elapsed
 * since `since` (ms): the clock keeps moving while the engine commits, when it cannot report rows.
 */
export function ProgressBar({ event, since, onCancel }: { event: ProgressEvent | null; since?: number; onCancel?: () => void }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [since]);
  const fraction = event && event.total ? Math.min(1, event.done / event.total) : null;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={event?.total ?? undefined} aria-valuenow={event?.done ?? 0}>
      <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="progress-track" aria-hidden="true">
        <rect x={0} y={0} width={100} height={6} className="track" />
        <rect x={0} y={0} width={fraction === null ? 100 : fraction * 100} height={6} className={fraction === null ? 'fill indeterminate' : 'fill'} />
      </svg>
      <span className="progress-text" data-testid="progress-text">
        {event ? event.done.toLocaleString('en-US') : 0}{event?.total ? ` / ${event.total.toLocaleString('en-US')}` : ''} {t('imp.rows')}
        {event?.rate ? ` · ${Math.round(event.rate).toLocaleString('en-US')} ${t('imp.rate')}` : ''}
        {event?.etaSeconds != null ? ` · ${t('imp.left')} ${duration(event.etaSeconds)}` : ''}
        {event?.message ? ` · ${event.message}` : ''}
        {since !== undefined ? ` · ${t('imp.elapsed')} ${elapsed((now - since) / 1000)}` : ''}
      </span>
      {onCancel && <button type="button" className="link" onClick={onCancel}>{t('imp.cancel')}</button>}
    </div>
  );
}
