import type { StatementReadiness } from '../../../../shared/contract/statement';
import { formatMoney } from '../../../../shared/money';
import { formatLocalTime, localTimeZone } from '../../../../shared/time';
import { useW } from '../../i18n-workbench';
import { useApp } from '../../store';

/** What a signer should know before a statement leaves: open differences, when it was last matched, and whether it may go at all. */
function CheckFacts({ readiness }: { readiness: StatementReadiness }) {
  const w = useW();
  const zone = localTimeZone();
  return (
    <dl className="export-facts">
      <dt>{w('st.openDiffs')}</dt>
      <dd data-field="open-count">{readiness.openDifferences.toLocaleString('en-US')} {w('rec.items')}</dd>
      <dt>{w('st.openAmount')}</dt>
      <dd data-field="open-amount" className={readiness.openAmountMinor > 0 ? 'warn' : undefined}>{formatMoney(readiness.openAmountMinor, readiness.currency)}</dd>
      <dt>{w('st.lastRun')}</dt>
      <dd data-field="last-run">{readiness.matchedAt ? `${formatLocalTime(readiness.matchedAt, zone)} (${zone})` : w('st.neverRun')}</dd>
    </dl>
  );
}

/** The check shown on the statement screen above the figures. */
export function ExportCheck({ readiness }: { readiness: StatementReadiness }) {
  const w = useW();
  const { lang } = useApp();
  return (
    <div className={`export-check ${readiness.ready ? '' : 'refused'}`} data-testid="export-check">
      <CheckFacts readiness={readiness} />
      {readiness.problem && <p className="callout bad" role="alert" data-testid="statement-refused">{w('st.refused')}：{readiness.problem[lang]}</p>}
    </div>
  );
}

/** Asked before a statement is written: repeats the open differences and the last run, then exports on confirm. */
export function ExportDialog({ readiness, channelName, onConfirm, onCancel }: { readiness: StatementReadiness; channelName: string; onConfirm(): void; onCancel(): void }) {
  const w = useW();
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); e.stopPropagation(); }}>
      <form className="modal" role="dialog" aria-modal="true" aria-label={w('st.exportTitle')} data-testid="export-dialog"
        onSubmit={(e) => { e.preventDefault(); onConfirm(); }}>
        <h2>{w('st.exportTitle')} · {channelName} · {readiness.period}</h2>
        <div className="modal-summary"><CheckFacts readiness={readiness} /></div>
        {readiness.openDifferences > 0 && <p className="callout" data-testid="export-open-warning">{w('st.exportOpenWarning')}</p>}
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>{w('st.cancel')}</button>
          <button type="submit" className="primary" autoFocus>{w('st.exportConfirm')}</button>
        </div>
      </form>
    </div>
  );
}
