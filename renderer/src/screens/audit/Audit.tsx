import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditChainCheck, AuditEntryView } from '../../../../shared/contract/workspace';
import { brokenChainText } from '../../components/AuditChainBanner';
import { PERIOD_PATTERN } from '../../../../shared/domain';
import { formatLocalTime, localTimeZone } from '../../../../shared/time';
import { call } from '../../client';
import { useW } from '../../i18n-workbench';
import { useApp } from '../../store';
import '../reconcile/workbench.css';
import { ACTION_NAMES, actionName, fieldName, fieldValue } from './names';

const PAGE = 200;


interface Filter {
  period: string;
  channelId: string;
  action: string;
  who: string;
}

/** 审计: the append-only log with filters, each entry's before and after side by side. */
export function Audit() {
  const w = useW();
  const { channels, showError, lang } = useApp();
  const [filter, setFilter] = useState<Filter>({ period: '', channelId: '', action: '', who: '' });
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [chain, setChain] = useState<AuditChainCheck | null>(null);
  const [more, setMore] = useState(false);
  const periodValid = filter.period === '' || PERIOD_PATTERN.test(filter.period);

  /** Typing in a filter sends a request per key; only the answer to the latest one is shown. */
  const latest = useRef(0);
  const load = useCallback(async (offset: number) => {
    if (!periodValid) return;
    const request = ++latest.current;
    const r = await call('audit.list', {
      period: filter.period || undefined, channelId: filter.channelId || undefined, action: filter.action.trim() || undefined, who: filter.who.trim() || undefined, offset, limit: PAGE,
    });
    if (request !== latest.current) return;
    setChain(r.chain ?? null);
    setEntries((prev) => (offset === 0 ? r.entries : [...prev, ...r.entries]));
    setMore(r.entries.length === PAGE);
  }, [filter, periodValid]);

  useEffect(() => {
    load(0).catch(showError);
  }, [load, showError]);

  const set = (k: keyof Filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value });

  return (
    <div className="screen audit">
      <section className="panel">
        <div className="panel-head">
          <h1>{w('au.title')}</h1>
          <span className="spacer" />
          {chain && <span className={chain.intact ? 'pill good' : 'pill bad'} data-testid="chain">{chain.intact ? w('au.chain') : w('au.broken')}</span>}
        </div>
        {chain?.brokenAt && <p className="callout bad" data-testid="chain-broken-at">{brokenChainText(lang, chain.brokenAt)}</p>}
        <div className="row filters">
          <label>{w('det.period')}<input name="period" className="period" placeholder="2026-09" value={filter.period} aria-invalid={!periodValid} onChange={set('period')} /></label>
          <label>{w('rec.channel')}
            <select name="channel" value={filter.channelId} onChange={set('channelId')}>
              <option value="">{w('au.allChannels')}</option>
              {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
          <label>{w('au.action')}
            <input name="action" list="audit-actions" value={filter.action} onChange={set('action')} />
            <datalist id="audit-actions">{Object.keys(ACTION_NAMES).map((a) => <option key={a} value={a} label={actionName(a, lang)} />)}</datalist>
          </label>
          <label>{w('au.who')}<input name="who" value={filter.who} onChange={set('who')} /></label>
        </div>
        {entries.length === 0 ? <p className="muted">{w('au.empty')}</p> : (
          <table className="grid audit-log" data-testid="audit-log">
            <thead>
              <tr>
                <th className="w-at">{w('au.at')} ({localTimeZone()})</th><th className="w-who">{w('au.who')}</th><th className="w-action">{w('au.action')}</th><th className="w-channel">{w('rec.channel')}</th>
                <th className="w-period">{w('det.period')}</th><th className="w-subject">{w('au.subject')}</th><th>{w('au.before')} → {w('au.after')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-action={e.action} data-id={e.id} className={chain?.brokenAt?.id === e.id ? 'chain-break' : undefined}>
                  <td className="num">{formatLocalTime(e.at)}</td>
                  <td>{e.who}</td>
                  <td title={e.action}>{actionName(e.action, lang)}</td>
                  <td>{e.channelId ?? ''}</td>
                  <td>{e.period ?? ''}</td>
                  <td>{e.subject ?? ''}</td>
                  <td><BeforeAfter before={e.before} after={e.after} lang={lang} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {more && <button type="button" onClick={() => void load(entries.length).catch(showError)}>{w('au.more')}</button>}
      </section>
    </div>
  );
}

/**
 * Field by field when both sides are objects, by name, amounts as money; collapsed to what changed, the
 * unchanged fields one click away. Otherwise the two values.
 */
function BeforeAfter({ before, after, lang }: { before: unknown; after: unknown; lang: 'zh' | 'en' }) {
  const w = useW();
  const [all, setAll] = useState(false);
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(before) && !isObject(after)) {
    return <span className="small">{fieldValue('', before, lang)} → {fieldValue('', after, lang)}</span>;
  }
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const changed = (k: string) => JSON.stringify(b[k]) !== JSON.stringify(a[k]);
  const shown = all ? keys : keys.filter(changed);
  return (
    <>
      <table className="ba small">
        <tbody>
          {shown.map((k) => (
            <tr key={k} data-field={k} className={changed(k) ? 'changed' : undefined}>
              <th title={k}>{fieldName(k, lang)}</th>
              <td>{fieldValue(k, b[k], lang)}</td>
              <td>{changed(k) ? fieldValue(k, a[k], lang) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < keys.length && <button type="button" className="link small" data-action="expand" onClick={() => setAll(true)}>{w('au.allFields')} ({keys.length - shown.length})</button>}
    </>
  );
}
