import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../../i18n';
import { useW } from '../../i18n-workbench';

export interface DecisionInput {
  reason: string | undefined;
  note: string | undefined;
}

/**
 * Asks for the reason and note of a decision and, when the decision needs it, an explicit confirmation
 * (passing the waiver cap). Escape cancels; Ctrl+Enter confirms. Every decision the engine records
 * carries the note into the audit log, so the note is required unless `noteOptional`.
 */
export function DecisionDialog(props: {
  title: string;
  summary: ReactNode;
  /** Preset reasons; the last one lets the user type their own. None: no reason field. */
  reasons?: string[];
  noteOptional?: boolean;
  /** A warning the user must tick before confirming (e.g. the waiver cap). */
  acknowledge?: { warning: ReactNode; label: string } | null;
  confirmLabel: string;
  onConfirm(input: DecisionInput): Promise<void>;
  onCancel(): void;
}) {
  const w = useW();
  const t = useT();
  const [choice, setChoice] = useState(0);
  const [ownReason, setOwnReason] = useState('');
  const [note, setNote] = useState('');
  const [acked, setAcked] = useState(false);
  const [busy, setBusy] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const reasons = props.reasons ?? [];
  const isOwn = reasons.length > 0 && choice === reasons.length - 1;
  const reason = reasons.length === 0 ? undefined : isOwn ? ownReason.trim() || undefined : reasons[choice];
  const ready = (props.noteOptional || note.trim() !== '') && (!props.acknowledge || acked) && !busy && (!isOwn || reason !== undefined);

  useEffect(() => noteRef.current?.focus(), []);

  async function confirm() {
    if (!ready) return;
    setBusy(true);
    try {
      await props.onConfirm({ reason, note: note.trim() || undefined });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="modal-backdrop" onKeyDown={(e) => {
      if (e.key === 'Escape') props.onCancel();
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void confirm();
      // Keys typed here are the dialog's, never the list's shortcuts.
      e.stopPropagation();
    }}>
      <form className="modal" role="dialog" aria-modal="true" aria-label={props.title} onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
        <h2>{props.title}</h2>
        <div className="modal-summary" data-testid="dialog-summary">{props.summary}</div>
        {reasons.length > 0 && (
          <label>
            {w('act.reason')}
            <select name="reason" value={choice} onChange={(e) => setChoice(Number(e.target.value))}>
              {reasons.map((r, i) => <option key={r} value={i}>{r}</option>)}
            </select>
          </label>
        )}
        {isOwn && (
          <label>
            {w('act.reason')}
            <input name="own-reason" value={ownReason} maxLength={200} onChange={(e) => setOwnReason(e.target.value)} />
          </label>
        )}
        <label>
          {w('act.note')}
          <textarea ref={noteRef} name="note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {props.acknowledge && (
          <div className="callout bad" role="alert">
            <div>{props.acknowledge.warning}</div>
            <label className="check">
              <input type="checkbox" name="acknowledge" checked={acked} onChange={(e) => setAcked(e.target.checked)} />
              {props.acknowledge.label}
            </label>
          </div>
        )}
        <div className="modal-actions">
          <button type="button" onClick={props.onCancel}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={!ready}>{props.confirmLabel}</button>
        </div>
      </form>
    </div>
  );
}
