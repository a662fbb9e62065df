import type { ProgressEvent } from '../../../shared/contract';
import { useT } from '../i18n';

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Rows done, rate and time left of a long command, as the engine reports them. */
export function ProgressBar({ event, onCancel }: { event: ProgressEvent | null; onCancel?: () => void }) {
  const t = useT();
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
      </span>
      {onCancel && <button type="button" className="link" onClick={onCancel}>{t('imp.cancel')}</button>}
    </div>
  );
}
