import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditChainCheck, AuditEntryView } from '../../../../shared/contract/workspace';
import { brokenChainText } from '../../components/AuditChainBanner';
import { PERIOD_PATTERN } from '../../../../shared/domain';
import { formatLocalTime, localTimeZone } from '../../../../shared/time';
import { call } from '../../client';
import { useW } from '../../i18n-workbench';
import { useApp } from '../../store';
import '../reconcile/workbench.css';

const PAGE = 200;

/** Actions the engine writes to the log, offered as a list; any other text still filters exactly. */
const KNOWN_ACTIONS = ['diff.resolve', 'diff.bulk_resolve', 'diff.undo', 'match.manual', 'match.run', 'period.close', 'period.reopen', 'import.file', 'statement.export', 'differences.export', 'disputes.export', 'inbox.run', 'channel.add', 'channel.update', 'profile.add', 'profile.update', 'settings.set', 'workspace.backup'];

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
            <datalist id="audit-actions">{KNOWN_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
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
                  <td className="mono">{e.action}</td>
                  <td>{e.channelId ?? ''}</td>
                  <td>{e.period ?? ''}</td>
                  <td>{e.subject ?? ''}</td>
                  <td><BeforeAfter before={e.before} after={e.after} /></td>
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

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Field by field when both sides are objects, changed fields marked; otherwise the two values. */
function BeforeAfter({ before, after }: { before: unknown; after: unknown }) {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(before) && !isObject(after)) {
    return <span className="mono small">{show(before)} → {show(after)}</span>;
  }
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return (
    <table className="ba mono small">
      <tbody>
        {keys.map((k) => {
          const changed = show(b[k]) !== show(a[k]);
          return (
            <tr key={k} className={changed ? 'changed' : undefined}>
              <th>{k}</th>
              <td>{show(b[k])}</td>
              <td>{changed ? show(a[k]) : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
