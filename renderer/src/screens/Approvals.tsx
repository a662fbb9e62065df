import { useCallback, useEffect, useState } from 'react';
import type { ApprovalRequestView, FourEyesSettings } from '../../../shared/approvals';
import { formatMoney } from '../../../shared/money';
import { formatLocalTime, localTimeZone } from '../../../shared/time';
import { call } from '../client';
import { translate } from '../i18n';
import { useW } from '../i18n-workbench';
import { useApp } from '../store';
import './reconcile/workbench.css';

/** A before/after value as a person reads it: minor-unit amounts as money. */
function show(key: string, v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number' && /Minor$/.test(key)) return formatMoney(v);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** 审批: decisions waiting for a second operator, who asked, and what they change. */
export function Approvals() {
  const w = useW();
  const { lang, operator, showError, clearError } = useApp();
  const [settings, setSettings] = useState<FourEyesSettings | null>(null);
  const [pending, setPending] = useState<ApprovalRequestView[]>([]);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [s, list] = await Promise.all([call('fourEyes.get', {}), call('approvals.list', { status: 'pending' })]);
    setSettings(s);
    setPending(list);
  }, []);

  useEffect(() => {
    load().catch(showError);
  }, [load, showError]);

  async function decide(r: ApprovalRequestView, approve: boolean) {
    try {
      const note = notes[r.id]?.trim() ?? '';
      const result = approve ? await call('approval.approve', { id: r.id, ...(note ? { note } : {}) }) : await call('approval.reject', { id: r.id, note });
      setDone(`#${result.id} ${approve ? w('ap.approved') : w('ap.rejected')}`);
      clearError();
      await load();
    } catch (e) {
      showError(e);
    }
  }

  return (
    <div className="screen approvals">
      <section className="panel">
        <div className="panel-head">
          <h1>{translate(lang, 'nav.approvals')}</h1>
          <span className="spacer" />
          {settings && <span className={settings.enabled ? 'pill good' : 'pill'} data-testid="four-eyes">{settings.enabled ? `${w('ap.on')} ${formatMoney(settings.thresholdMinor)}` : w('ap.off')}</span>}
          <span className="muted">{w('ap.operator')}：{operator}</span>
        </div>
        {done && <p className="ok" role="status">{done}</p>}
        {pending.length === 0 ? <p className="muted">{w('ap.empty')}</p> : (
          <table className="grid approval-queue" data-testid="approval-queue">
            <thead>
              <tr><th>#</th><th>{w('ap.what')}</th><th>{w('ap.requestedBy')}</th><th>{w('au.at')} ({localTimeZone()})</th><th>{w('au.before')} → {w('au.after')}</th><th /></tr>
            </thead>
            <tbody>
              {pending.map((r) => {
                const own = r.requestedBy === operator;
                const keys = [...new Set([...Object.keys(r.before), ...Object.keys(r.after)])];
                return (
                  <tr key={r.id} data-request-id={r.id}>
                    <td className="mono">{r.id}</td>
                    <td>{r.why[lang]}<div className="muted">{[r.channelId, r.period].filter(Boolean).join(' · ')}</div></td>
                    <td data-field="requested-by">{r.requestedBy}</td>
                    <td className="num">{formatLocalTime(r.requestedAt)}</td>
                    <td>
                      <table className="ba small">
                        <tbody>
                          {keys.map((k) => {
                            // A field the request does not set stays as it is.
                            const changed = k in r.after && show(k, r.before[k]) !== show(k, r.after[k]);
                            return <tr key={k} className={changed ? 'changed' : undefined}><th>{k}</th><td>{show(k, r.before[k])}</td><td>{k in r.after ? show(k, r.after[k]) : ''}</td></tr>;
                          })}
                        </tbody>
                      </table>
                    </td>
                    <td className="approval-actions">
                      <input name="decision-note" placeholder={w('ap.note')} value={notes[r.id] ?? ''} onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })} />
                      <button type="button" className="primary" data-action="approve" disabled={own} title={own ? w('ap.ownRequest') : undefined} onClick={() => void decide(r, true)}>{w('ap.approve')}</button>
                      <button type="button" data-action="reject" disabled={(notes[r.id] ?? '').trim() === ''} onClick={() => void decide(r, false)}>{w('ap.reject')}</button>
                      {own && <div className="muted" data-field="own">{w('ap.ownRequest')}</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
