// 风控审核: the period's risk hits (审核 queue) with the records behind each one, and the decisions a
// person takes on them. A hit the latest screening no longer finds stays listed once decided, marked
// as such; the engine never recomputes a decision away.
import { useCallback, useEffect, useState } from 'react';
import type { RiskHitStatus, RiskHitView, ScreenResult } from '../../../../shared/contract/risk';
import { RISK_IDENTIFIERS, RISK_RULES, type RiskIdentifier, type RiskRule } from '../../../../shared/risk';
import { formatInstant } from '../../../../shared/time';
import { call } from '../../client';
import { HIT_STATUSES, useR, type RiskKey } from '../../i18n-risk';
import { useApp } from '../../store';
import { PeriodPicker } from '../reconcile/PeriodPicker';
import { Blacklist } from './Blacklist';
import { money } from './figures';
import { RiskRules } from './RiskRules';
import '../reconcile/workbench.css';
import './risk.css';

type Tab = 'queue' | 'rules' | 'blacklist';
const TABS: { id: Tab; label: RiskKey }[] = [
  { id: 'queue', label: 'risk.hits' },
  { id: 'rules', label: 'rules.title' },
  { id: 'blacklist', label: 'bl.title' },
];

export function RiskReview() {
  const r = useR();
  const [tab, setTab] = useState<Tab>('queue');
  return (
    <div className="screen risk">
      <section className="panel">
        <div className="panel-head">
          <h1>{r('risk.title')}</h1>
          <span className="spacer" />
          <PeriodPicker />
        </div>
        <div className="cat-tabs" role="tablist">
          {TABS.map((x) => (
            <button key={x.id} type="button" role="tab" aria-selected={tab === x.id} className={tab === x.id ? 'ctab active' : 'ctab'} onClick={() => setTab(x.id)}>{r(x.label)}</button>
          ))}
        </div>
        {tab === 'queue' && <Queue />}
        {tab === 'rules' && <RiskRules />}
        {tab === 'blacklist' && <Blacklist />}
      </section>
    </div>
  );
}

function Queue() {
  const r = useR();
  const { period, channels, showError, clearError } = useApp();
  const [channelId, setChannelId] = useState('');
  const [rule, setRule] = useState<RiskRule | ''>('');
  const [status, setStatus] = useState<RiskHitStatus | ''>('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const [hits, setHits] = useState<RiskHitView[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [screening, setScreening] = useState(false);
  const [screened, setScreened] = useState<ScreenResult | null>(null);

  const load = useCallback(async () => {
    try {
      setHits(await call('risk.hits', {
        period, includeInactive,
        ...(channelId ? { channelId } : {}), ...(rule ? { rule } : {}), ...(status ? { status } : {}),
      }));
    } catch (e) {
      showError(e);
    }
  }, [period, channelId, rule, status, includeInactive, showError]);
  useEffect(() => {
    setHits(null);
    void load();
  }, [load]);
  useEffect(() => setScreened(null), [period, channelId]);

  async function rescreen() {
    setScreening(true);
    try {
      setScreened(await call('risk.screen', { period, ...(channelId ? { channelId } : {}) }));
      clearError();
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setScreening(false);
    }
  }

  const current = hits?.find((h) => h.id === selected) ?? null;
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? id;
  const totals = screened?.channels.reduce((n, c) => ({ screened: n.screened + c.screened, hits: n.hits + c.hits, newHits: n.newHits + c.newHits }), { screened: 0, hits: 0, newHits: 0 });

  return (
    <div className="risk-queue">
      <div className="row filters">
        <label>{r('risk.channel')}
          <select name="risk-channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
            <option value="">{r('risk.allChannels')}</option>
            {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        <label>{r('risk.rule')}
          <select name="risk-rule" value={rule} onChange={(e) => setRule(e.target.value as RiskRule | '')}>
            <option value="">{r('risk.allRules')}</option>
            {RISK_RULES.map((x) => <option key={x} value={x}>{r.rule(x)}</option>)}
          </select>
        </label>
        <label>{r('risk.status')}
          <select name="risk-status" value={status} onChange={(e) => setStatus(e.target.value as RiskHitStatus | '')}>
            <option value="">{r('risk.allStatuses')}</option>
            {HIT_STATUSES.map((x) => <option key={x} value={x}>{r.status(x)}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" name="risk-inactive" checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)} />{r('risk.showInactive')}</label>
        <span className="spacer" />
        <button type="button" className="primary" disabled={screening || channels.length === 0} onClick={() => void rescreen()}>{screening ? r('risk.screening') : r('risk.rescreen')}</button>
      </div>
      {totals && <p className="ok" role="status">{r('risk.screened', totals)}</p>}
      <div className="risk-split">
        <div className="scroll risk-list">
          {hits === null ? <p className="muted">…</p> : hits.length === 0 ? <p className="muted">{r('risk.noHits')}</p> : (
            <table className="grid" aria-label={r('risk.hits')}>
              <thead>
                <tr><th>#</th><th>{r('risk.rule')}</th><th>{r('risk.channel')}</th><th>{r('risk.subject')}</th><th className="num">{r('risk.amount')}</th><th>{r('risk.status')}</th></tr>
              </thead>
              <tbody>
                {hits.map((h) => (
                  <tr key={h.id} data-hit={h.id} data-rule={h.rule} className={h.id === selected ? 'selected' : h.active ? undefined : 'inactive'} onClick={() => setSelected(h.id)}>
                    <td className="mono">{h.id}</td>
                    <td className="rule-name">{r.rule(h.rule)}</td>
                    <td>{channelName(h.channelId)}</td>
                    <td><button type="button" className="link subject" aria-pressed={h.id === selected} onClick={() => setSelected(h.id)}>{h.subject[r.lang]}</button></td>
                    <td className="num">{money(h.amountMinor, h.currency)}</td>
                    <td className="found"><StatusPill status={h.status} />{!h.active && <span className="pill warn">{r('risk.inactive')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        {current ? <HitDetail key={current.id} hit={current} onDecided={(h) => setHits((list) => list?.map((x) => (x.id === h.id ? h : x)) ?? null)} /> : <div className="detail"><p className="muted">{r('risk.pick')}</p></div>}
      </div>
    </div>
  );
}

function StatusPill({ status }: { status: RiskHitStatus }) {
  const r = useR();
  const tone = status === 'open' ? 'pill bad' : status === 'false_positive' ? 'pill good' : 'pill warn';
  return <span className={tone} data-status={status}>{r.status(status)}</span>;
}

function HitDetail({ hit, onDecided }: { hit: RiskHitView; onDecided(h: RiskHitView): void }) {
  const r = useR();
  const { channels, showError, clearError } = useApp();
  const zone = channels.find((c) => c.id === hit.channelId)?.timeZone ?? 'Asia/Shanghai';
  const identifiers = (hit.detail.identifiers ?? {}) as Partial<Record<RiskIdentifier, string>>;
  const listable = RISK_IDENTIFIERS.filter((t) => identifiers[t]);
  const [note, setNote] = useState('');
  const [toList, setToList] = useState<Set<RiskIdentifier>>(new Set());
  const [busy, setBusy] = useState(false);

  async function decide(as: RiskHitStatus) {
    setBusy(true);
    try {
      const blacklist = as === 'confirmed' ? RISK_IDENTIFIERS.filter((t) => toList.has(t)) : [];
      onDecided(await call('risk.decide', { id: hit.id, as, note: note.trim(), ...(blacklist.length ? { blacklist } : {}) }));
      setNote('');
      setToList(new Set());
      clearError();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }

  const ready = note.trim() !== '' && !busy;
  return (
    <div className="detail" role="region" aria-label={`#${hit.id}`}>
      <div className="detail-head">
        <h2>{r.rule(hit.rule)}</h2>
        <StatusPill status={hit.status} />
      </div>
      <p className="big">{hit.subject[r.lang]}</p>
      <p>{r('risk.amount')} <strong>{money(hit.amountMinor, hit.currency)}</strong> · {hit.active ? r('risk.active') : <span className="pill warn">{r('risk.inactive')}</span>}</p>
      {hit.decidedBy && hit.decidedAt && (
        <p className="decision" data-testid="decided">
          {r('risk.decidedBy', { who: hit.decidedBy, at: formatInstant(Date.parse(hit.decidedAt), zone) })}
          {hit.note && <> · {hit.note}</>}
        </p>
      )}
      <h3>{r('risk.records')}</h3>
      <table className="grid sbs-records" aria-label={r('risk.records')}>
        <thead>
          <tr><th>{r('risk.orderId')}</th><th>{r('risk.side')}</th><th>{r('risk.kind')}</th><th className="num">{r('risk.amount')}</th><th>{r('risk.time')}</th></tr>
        </thead>
        <tbody>
          {hit.records.map((rec) => (
            <tr key={rec.id} data-record={rec.id}>
              <td className="mono">{rec.orderId ?? '—'}</td>
              <td><span className={`side side-${rec.side}`}>{rec.side === 'internal' ? r('risk.sideInternal') : r('risk.sideChannel')}</span></td>
              <td>{rec.kind === 'payment' ? r('risk.payment') : r('risk.refund')}</td>
              <td className="num">{money(rec.amountMinor, rec.currency)}</td>
              <td className="num">{formatInstant(rec.occurredAt, zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted zone">{r('risk.zone', { zone })}</p>
      {listable.length > 0 && (
        <p className="identifiers">
          <span className="muted">{r('risk.identifiers')}：</span>
          {listable.map((t) => <span key={t} className="ident">{r.identifier(t)} <span className="mono">{identifiers[t]}</span></span>)}
        </p>
      )}
      <label className="note">{r('risk.note')}
        <textarea name="risk-note" rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      {listable.length > 0 && hit.status !== 'confirmed' && (
        <div className="row blacklist-picks">
          <span>{r('risk.addToBlacklist')}</span>
          {listable.map((t) => (
            <label key={t} className="check">
              <input type="checkbox" name={`risk-list-${t}`} checked={toList.has(t)} onChange={(e) => {
                const next = new Set(toList);
                if (e.target.checked) next.add(t);
                else next.delete(t);
                setToList(next);
              }} />
              {r.identifier(t)}
            </label>
          ))}
        </div>
      )}
      <div className="detail-actions">
        <button type="button" className="danger" disabled={!ready} onClick={() => void decide('confirmed')}>{r('risk.confirm')}</button>
        <button type="button" disabled={!ready} onClick={() => void decide('false_positive')}>{r('risk.falsePositive')}</button>
        <button type="button" disabled={!ready} onClick={() => void decide('follow_up')}>{r('risk.followUp')}</button>
        {hit.status !== 'open' && <button type="button" disabled={!ready} onClick={() => void decide('open')}>{r('risk.reopen')}</button>}
      </div>
      {note.trim() === '' && <p className="muted hint">{r('risk.noteMissing')}</p>}
    </div>
  );
}
