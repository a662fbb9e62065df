import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ProgressEvent } from '../../../../shared/contract';
import type { ChannelMatchResult, DifferenceQuery, DifferenceTotals } from '../../../../shared/contract/match';
import { CATEGORIES, type Category } from '../../../../shared/domain';
import { formatMoney } from '../../../../shared/money';
import type { ChannelPeriodReport, DifferenceView } from '../../../../shared/report';
import { call, EngineError } from '../../client';
import { ProgressBar } from '../../components/ProgressBar';
import { translate, type MessageKey } from '../../i18n';
import { useW, type WorkbenchKey } from '../../i18n-workbench';
import { useApp } from '../../store';
import { CloseDialog } from './CloseDialog';
import { DecisionDialog } from './DecisionDialog';
import { ACTION_KEYS, ACTIONS, DiffDetail, type Action } from './DiffDetail';
import { DiffList, MARKS } from './DiffList';
import { amountBound, capPercentText, capShare, capUse, overCap, passesCap, selectionTotals, type SelectionTotals } from './figures';
import { ManualMatch } from './ManualMatch';
import { PeriodPicker } from './PeriodPicker';
import { PAGE_SIZE, RowWindows } from './windows';
import './workbench.css';

type DiffCategory = Exclude<Category, 'matched'>;
const DIFF_CATEGORIES = CATEGORIES.filter((c): c is DiffCategory => c !== 'matched');
const SORTS = ['occurredAt', 'amount', 'difference', 'id'] as const;

interface Filters {
  category: DiffCategory | null;
  status: 'open' | 'resolved' | '';
  min: string;
  max: string;
  text: string;
  /** Only differences at least this many days old (账龄), as typed. */
  minAge: string;
  sort: (typeof SORTS)[number];
  direction: 'asc' | 'desc';
}

const DEFAULT_FILTERS: Filters = { category: null, status: 'open', min: '', max: '', text: '', minAge: '', sort: 'occurredAt', direction: 'asc' };

/** What a decision dialog is about: one difference, a picked set, or everything the filter selects. */
type Pending =
  | { kind: 'one'; action: Action; difference: DifferenceView }
  | { kind: 'ids'; action: Action; ids: number[]; totals: SelectionTotals }
  | { kind: 'filter'; action: Action; totals: DifferenceTotals }
  | { kind: 'close'; withOpen?: boolean }
  | { kind: 'reopen' };

export function Reconcile() {
  const w = useW();
  const { channels, period, lang, showError, clearError } = useApp();
  const [channelId, setChannelId] = useState<string>(() => channels[0]?.id ?? '');
  const channel = channels.find((c) => c.id === channelId) ?? channels[0];
  const [report, setReport] = useState<ChannelPeriodReport | null>(null);
  const [filters, setFilters] = useState<Filters>(DEFAULT_FILTERS);
  const [totals, setTotals] = useState<DifferenceTotals | null>(null);
  const [dataVersion, setDataVersion] = useState(0);
  const [pageVersion, setPageVersion] = useState(0);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Map<number, DifferenceView>>(new Map());
  const [pending, setPending] = useState<Pending | null>(null);
  const [preview, setPreview] = useState<ChannelMatchResult | null | 'loading'>(null);
  const [running, setRunning] = useState<ProgressEvent | null | 'idle'>('idle');
  const [manual, setManual] = useState<DifferenceView | null | false>(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** Differences decided in this session, newest last: `u` undoes the last one even after it left the list. */
  const decided = useRef<number[]>([]);

  const currency = channel?.currency ?? 'CNY';
  const timeZone = channel?.timeZone ?? 'Asia/Shanghai';
  const min = amountBound(filters.min, currency);
  const max = amountBound(filters.max, currency);
  const minAge = /^\d{0,5}$/.test(filters.minAge.trim()) ? filters.minAge.trim() : 'invalid';
  const filterInvalid = min === 'invalid' || max === 'invalid' || minAge === 'invalid';
  // Ages count from when the view opened, so the query (and the rows shown) stay stable while it is open.
  const [openedAt] = useState(() => Date.now());
  const occurredTo = minAge === '' || minAge === 'invalid' ? undefined : openedAt - Number(minAge) * 86_400_000;

  useEffect(() => {
    // Each visit measures its own first screen (the bench reads these).
    for (const name of Object.values(MARKS)) {
      performance.clearMarks(name);
      performance.clearMeasures(name);
    }
    performance.mark(MARKS.open);
  }, []);

  useEffect(() => {
    if (!channels.some((c) => c.id === channelId) && channels[0]) setChannelId(channels[0].id);
  }, [channels, channelId]);

  // Typing an order id asks the engine once the user pauses, not once per key.
  const [text, setText] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setText(filters.text.trim()), 200);
    return () => clearTimeout(t);
  }, [filters.text]);

  /** The filter as the engine takes it (list, count and bulk resolution see the same rows). */
  const query = useMemo((): Omit<DifferenceQuery, 'offset' | 'limit'> | null => {
    if (!channel || filterInvalid) return null;
    return {
      channelId: channel.id, period, category: filters.category ?? undefined, status: filters.status || undefined,
      minAmount: min, maxAmount: max, text: text || undefined, occurredTo, sort: filters.sort, direction: filters.direction,
    };
  }, [channel, period, filters.category, filters.status, filters.sort, filters.direction, text, min, max, occurredTo, filterInvalid]);

  // After a decision (dataVersion) the rows are asked for again: a resolved row may leave the filter.
  const windows = useMemo(() => {
    void dataVersion;
    if (!query) return null;
    return new RowWindows<DifferenceView>((offset, limit) => call('diffs.list', { ...query, offset, limit }), () => setPageVersion((v) => v + 1), showError);
  }, [query, dataVersion, showError]);
  useEffect(() => {
    windows?.revive();
    return () => windows?.dispose();
  }, [windows]);

  // The summary waits until the list has its first rows: the engine answers reads one at a time, and
  // the report aggregates the whole period (the slowest read), so it must not hold up the first screen.
  const listSettled = totals !== null && (totals.count === 0 || (windows?.pageCount ?? 0) > 0);
  const reportFor = useRef('');
  const channelKey = channel?.id;
  useEffect(() => setReport(null), [channelKey, period]);
  useEffect(() => {
    const key = `${channel?.id}|${period}|${dataVersion}`;
    if (!channel || !listSettled || reportFor.current === key) return;
    reportFor.current = key;
    call('report.get', { period, channelId: channel.id }).then((r) => {
      // A report for a channel or period the user already left is not shown.
      if (reportFor.current === key) setReport(r.channels.find((c) => c.channel === channel.id) ?? null);
    }, showError);
  }, [listSettled, channel, period, dataVersion, showError]);

  useEffect(() => {
    if (!query) return;
    let live = true;
    setTotals(null);
    // The first rows go out before the count: the engine answers reads in order, and a window is
    // cheaper than counting a large period, so the list shows while the count is still running.
    windows?.ensure(0, PAGE_SIZE - 1, PAGE_SIZE);
    const { sort: _s, direction: _d, ...countQuery } = query;
    call('diffs.count', countQuery).then((t) => live && setTotals(t), showError);
    return () => {
      live = false;
    };
  }, [query, windows, dataVersion, showError]);

  // A new filter, channel or period starts from the first row with nothing selected.
  useEffect(() => {
    setCursor(0);
    setSelected(new Map());
  }, [query]);

  const total = totals?.count ?? windows?.rowsFromTop() ?? null;
  const current = windows && total !== null && cursor < total ? windows.row(cursor) ?? null : null;
  const closed = report?.closed ?? false;
  const cap = channel && report ? capUse(channel, report) : null;

  const refresh = useCallback(() => setDataVersion((v) => v + 1), []);

  async function decide(p: Pending, reason: string | undefined, note: string | undefined) {
    try {
      if (p.kind === 'one') {
        await call('diff.resolve', { id: p.difference.id, as: p.action, reason, note: note ?? '' });
        decided.current.push(p.difference.id);
        setNotice(`${w('act.done')} #${p.difference.id} · ${w(`act.${p.action}`)}`);
      } else if (p.kind === 'ids' || p.kind === 'filter') {
        if (!query) return;
        const { sort: _s, direction: _d, status: _st, ...filter } = query;
        const r = await call('diff.bulkResolve', { ...filter, ids: p.kind === 'ids' ? p.ids : undefined, as: p.action, reason, note: note ?? '' });
        decided.current.push(...r.ids);
        setSelected(new Map());
        setNotice(`${w('act.done')} ${r.count} · ${formatMoney(r.amountMinor, currency)} · ${w(`act.${p.action}`)}`);
      } else if (p.kind === 'close' && channel) {
        await call('period.close', { channelId: channel.id, period, note: note ?? '', withOpen: p.withOpen ?? false });
      } else if (p.kind === 'reopen' && channel) {
        await call('period.reopen', { channelId: channel.id, period, note: note ?? '' });
      }
      clearError();
      setPending(null);
      refresh();
    } catch (e) {
      // Four eyes: filed for a second operator; nothing failed and nothing changed yet.
      if (e instanceof EngineError && e.payload.type === 'user' && e.payload.key === 'approval.requested') {
        setPending(null);
        setNotice(e.payload.message[lang]);
        clearError();
        return;
      }
      showError(e);
    }
  }

  async function undo(target: DifferenceView | null) {
    const id = target?.status === 'resolved' ? target.id : decided.current.pop();
    if (id === undefined) return;
    try {
      await call('diff.undo', { id });
      decided.current = decided.current.filter((x) => x !== id);
      setNotice(`${w('act.undone')} #${id}`);
      clearError();
      refresh();
    } catch (e) {
      showError(e);
    }
  }

  async function runPreview() {
    if (!channel) return;
    setPreview('loading');
    try {
      const r = await call('match.run', { period, channelId: channel.id, preview: true });
      setPreview(r.channels.find((c) => c.channel === channel.id) ?? null);
    } catch (e) {
      setPreview(null);
      showError(e);
    }
  }

  async function applyRun() {
    if (!channel) return;
    setPreview(null);
    setRunning(null);
    try {
      await call('match.run', { period, channelId: channel.id }, { onProgress: setRunning });
      clearError();
      refresh();
    } catch (e) {
      showError(e);
    } finally {
      setRunning('idle');
    }
  }

  function toggle(d: DifferenceView) {
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(d.id)) next.delete(d.id);
      else next.set(d.id, d);
      return next;
    });
  }

  async function bulkOnFilter(action: Action) {
    if (!query) return;
    const { sort: _s, direction: _d, ...countQuery } = query;
    try {
      // Bulk resolution touches open differences only: the confirmation states exactly those.
      setPending({ kind: 'filter', action, totals: await call('diffs.count', { ...countQuery, status: 'open' }) });
    } catch (e) {
      showError(e);
    }
  }

  // Keyboard: j/k or ↓/↑ move, one key per action, u undo, x select, m manual match.
  const keyState = { current, total, closed, pending, manual };
  const keyRef = useRef(keyState);
  keyRef.current = keyState;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = keyRef.current;
      const target = e.target as HTMLElement | null;
      if (s.pending || s.manual !== false || e.ctrlKey || e.metaKey || e.altKey) return;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      const move = (delta: number) => {
        e.preventDefault();
        setCursor((c) => Math.max(0, Math.min((s.total ?? 1) - 1, c + delta)));
      };
      if (e.key === 'j' || e.key === 'ArrowDown') return move(1);
      if (e.key === 'k' || e.key === 'ArrowUp') return move(-1);
      if (e.key === 'u') return void undo(s.current);
      if (s.closed || !s.current) return;
      if (e.key === 'x') return toggle(s.current);
      if (e.key === 'm') return setManual(s.current);
      const action = ACTIONS.find((a) => ACTION_KEYS[a] === e.key);
      if (action) {
        e.preventDefault();
        setPending({ kind: 'one', action, difference: s.current });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!channel) return <section className="panel"><p className="muted">{w('rec.noChannels')}</p></section>;

  const money = (m: number) => formatMoney(m, currency);
  const selection = selectionTotals(selected.values());
  const reasonsFor = (a: Action) => [w(`reason.${a}`), w('reason.other')];
  const waiveExtra = (p: Pending) => (p.kind === 'one' ? Math.abs(p.difference.differenceMinor) : p.kind === 'ids' ? p.totals.amountMinor : p.kind === 'filter' ? p.totals.amountMinor : 0);
  const capWarning = (p: Pending) => p.kind !== 'close' && p.kind !== 'reopen' && p.action === 'waive' && cap !== null && passesCap(cap, waiveExtra(p))
    ? { warning: <>{w('act.capWarn')}：{money(cap.used)} + {money(waiveExtra(p))} &gt; {money(cap.cap ?? 0)}</>, label: w('act.capAck') }
    : null;
  const share = cap ? capShare(cap) : null;

  const actionButtons = (
    <>
      {ACTIONS.map((a) => (
        <button key={a} type="button" disabled={closed || !current || current.resolution === 'manual_match'} data-action={a} onClick={() => current && setPending({ kind: 'one', action: a, difference: current })} title={`${w('act.keys')}: ${ACTION_KEYS[a]}`}>
          {w(`act.${a}`)} <kbd>{ACTION_KEYS[a]}</kbd>
        </button>
      ))}
      <button type="button" disabled={closed || !current} data-action="manual_match" onClick={() => setManual(current)}>{w('act.manual_match')} <kbd>m</kbd></button>
      <button type="button" disabled={closed || (current?.status !== 'resolved' && decided.current.length === 0)} data-action="undo" onClick={() => void undo(current)}>{w('act.undo')} <kbd>u</kbd></button>
    </>
  );

  return (
    <div className="screen reconcile">
      <section className="panel">
        <div className="panel-head">
          <h1>{translate(lang, 'nav.reconcile')}</h1>
          <label className="inline">
            <span className="sr-only">{w('rec.channel')}</span>
            <select name="channel" aria-label={w('rec.channel')} value={channel.id} onChange={(e) => setChannelId(e.target.value)}>
              {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
          <PeriodPicker />
          <span className="spacer" />
          {closed ? (
            <button type="button" data-action="reopen" onClick={() => setPending({ kind: 'reopen' })}>{w('rec.reopen')}</button>
          ) : (
            <>
              <button type="button" data-action="run" disabled={running !== 'idle' || preview === 'loading'} onClick={() => void runPreview()}>{preview === 'loading' ? w('rec.previewing') : running !== 'idle' ? w('rec.applying') : w('rec.run')}</button>
              <button type="button" data-action="close" onClick={() => setPending({ kind: 'close' })}>{w('rec.close')}</button>
            </>
          )}
        </div>
        {running !== 'idle' && <ProgressBar event={running} />}
        {preview !== null && preview !== 'loading' && (
          <div className="preview callout" data-testid="match-preview">
            <strong>{w('rec.preview')}</strong>
            <ul className="plain inline-list">
              <li>{w('rec.matchedPayments')} <b>{preview.matchedPayments}</b></li>
              <li>{w('rec.added')} <b data-field="added">{preview.added}</b></li>
              <li>{w('rec.changed')} <b>{preview.changed}</b></li>
              <li>{w('rec.gone')} <b>{preview.gone}</b></li>
              <li>{w('rec.unchanged')} <b>{preview.unchanged}</b></li>
              <li>{w('rec.kept')} <b>{preview.decisionsKept}</b></li>
              <li>{w('rec.autoWaived')} <b>{preview.autoWaived}</b> · {money(preview.autoWaivedMinor)}</li>
              <li>{w('rec.released')} <b>{preview.released}</b></li>
            </ul>
            <ul className="plain inline-list muted">
              {DIFF_CATEGORIES.map((c) => <li key={c}>{translate(lang, `cat.${c}` as MessageKey)} <b>{preview.byCategory[c]}</b></li>)}
            </ul>
            {preview.capReached && <p className="warn">{w('rec.capReached')}</p>}
            <div className="row">
              <button type="button" className="primary" data-action="apply" onClick={() => void applyRun()}>{w('rec.apply')}</button>
              <button type="button" onClick={() => setPreview(null)}>{translate(lang, 'common.cancel')}</button>
            </div>
          </div>
        )}
        {closed && <p className="callout" role="status">{w('rec.closed')}</p>}
        {report && report.matched_at === null && <p className="muted">{w('rec.notRun')}</p>}
        {report && (
          <div className="summary-cards" data-testid="summary">
            <Card label={w('rec.net')} field="net" value={money(report.net)} />
            <Card label={w('rec.agreed')} field="agreed" value={money(report.agreed)} />
            {/* Before the first match the whole net is not yet reconciled, not disputed. */}
            <Card label={w('rec.disputed')} field="disputed" value={report.matched_at ? money(report.disputed) : w('rec.notReconciled')} tone={report.matched_at && report.disputed !== 0 ? 'bad' : undefined} />
            <Card label={w('rec.claims')} field="claims" value={money(report.claims)} />
            <Card label={w('rec.waived')} field="waived" value={money(report.waived_total)} sub={`${report.waived_count} ${w('rec.items')}`}>
              <div className="cap" data-testid="cap">
                {cap && cap.cap !== null ? (
                  <>
                    <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="cap-gauge" aria-hidden="true">
                      <rect x={0} y={0} width={100} height={6} className="track" />
                      <rect x={0} y={0} width={(share ?? 0) / 10} height={6} className={(share ?? 0) >= 1000 ? 'fill full' : 'fill'} />
                    </svg>
                    <span className={overCap(cap) ? 'bad' : 'muted'} data-field="cap-use">{w('rec.capUse')} {money(cap.used)} / {money(cap.cap)} ({capPercentText(cap)}){overCap(cap) ? ` · ${w('rec.overCap')}` : ''}</span>
                  </>
                ) : <span className="muted">{w('rec.noCap')}</span>}
              </div>
            </Card>
            <Card label={w('rec.open')} field="open" value={report.open_differences.toLocaleString('en-US')} tone={report.open_differences > 0 ? 'bad' : 'good'} sub={`${translate(lang, 'cat.matched')} ${report.counts.matched.toLocaleString('en-US')}`} />
          </div>
        )}
      </section>

      {manual !== false && (
        <ManualMatch channelId={channel.id} period={period} currency={currency} timeZone={timeZone} toleranceMinor={channel.toleranceMinor} start={manual} readOnly={closed}
          onDone={() => { setNotice(w('mm.done')); refresh(); }} onClose={() => setManual(false)} />
      )}

      <section className="panel workbench">
        <div className="cat-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={filters.category === null} className={filters.category === null ? 'ctab active' : 'ctab'} onClick={() => setFilters({ ...filters, category: null })}>
            {w('tab.all')}
          </button>
          {DIFF_CATEGORIES.map((c) => (
            <button key={c} type="button" role="tab" data-category={c} aria-selected={filters.category === c} className={filters.category === c ? 'ctab active' : 'ctab'} onClick={() => setFilters({ ...filters, category: c })}>
              {translate(lang, `cat.${c}` as MessageKey)} <span className="count">{report?.counts[c] ?? 0}</span>
            </button>
          ))}
        </div>
        <div className="filters row">
          <label>{w('flt.status')}
            <select name="status" value={filters.status} onChange={(e) => setFilters({ ...filters, status: e.target.value as Filters['status'] })}>
              <option value="open">{w('status.open')}</option>
              <option value="resolved">{w('status.resolved')}</option>
              <option value="">{w('flt.any')}</option>
            </select>
          </label>
          <label>{w('flt.min')}<input name="min" className="num amount" inputMode="decimal" value={filters.min} aria-invalid={min === 'invalid'} onChange={(e) => setFilters({ ...filters, min: e.target.value })} /></label>
          <label>{w('flt.max')}<input name="max" className="num amount" inputMode="decimal" value={filters.max} aria-invalid={max === 'invalid'} onChange={(e) => setFilters({ ...filters, max: e.target.value })} /></label>
          <label>{w('flt.minAge')}<input name="minAge" className="num age" inputMode="numeric" value={filters.minAge} aria-invalid={minAge === 'invalid'} onChange={(e) => setFilters({ ...filters, minAge: e.target.value })} /></label>
          <label className="grow">{w('flt.text')}<input name="text" value={filters.text} onChange={(e) => setFilters({ ...filters, text: e.target.value })} /></label>
          <label>{w('flt.sort')}
            <select name="sort" value={filters.sort} onChange={(e) => setFilters({ ...filters, sort: e.target.value as Filters['sort'] })}>
              {SORTS.map((s) => <option key={s} value={s}>{w(`sort.${s}`)}</option>)}
            </select>
          </label>
          <label><span className="sr-only">{w('flt.sort')}</span>
            <select name="direction" value={filters.direction} onChange={(e) => setFilters({ ...filters, direction: e.target.value as Filters['direction'] })}>
              <option value="asc">{w('sort.asc')}</option>
              <option value="desc">{w('sort.desc')}</option>
            </select>
          </label>
          {filterInvalid && <span className="problem">{w('flt.badAmount')}</span>}
          <span className="spacer" />
          <span className="list-totals" data-testid="list-totals">
            <b data-field="count">{totals?.count ?? '…'}</b> {w('list.count')} · {w('list.amount')} <b className="num">{totals ? money(totals.amountMinor) : '…'}</b>
          </span>
        </div>
        <div className="selection-bar row">
          <span>{w('sel.count')} <b data-field="selected">{selection.count}</b> · {money(selection.amountMinor)}</span>
          {selection.count > 0 && <button type="button" className="link" onClick={() => setSelected(new Map())}>{w('sel.clear')}</button>}
          <span className="spacer" />
          <BulkMenu label={w('sel.bulk')} disabled={closed || selection.count === 0} name="bulk-selected"
            onPick={(a) => setPending({ kind: 'ids', action: a, ids: [...selected.keys()], totals: selection })} />
          <BulkMenu label={w('sel.bulkFilter')} disabled={closed || !total} name="bulk-filter" onPick={(a) => void bulkOnFilter(a)} />
          {notice && <span className="notice ok" role="status" data-testid="notice">{notice}</span>}
        </div>
        <div className="wb-split">
          {windows && (
            <DiffList windows={windows} version={pageVersion} total={total} cursor={cursor} onCursor={setCursor} selected={selected} onToggle={toggle} timeZone={timeZone} currency={currency} />
          )}
          <DiffDetail difference={current} timeZone={timeZone} currency={currency} actions={actionButtons} />
        </div>
      </section>

      {pending && pending.kind === 'close' && (
        <CloseDialog channelId={channel.id} period={period} currency={currency} onCancel={() => setPending(null)}
          onConfirm={(note, withOpen) => decide({ kind: 'close', withOpen }, undefined, note)} />
      )}
      {pending && pending.kind === 'reopen' && (
        <DecisionDialog
          title={w('rec.reopenTitle')}
          summary={w('rec.reopenBody')}
          confirmLabel={w('rec.reopen')}
          onCancel={() => setPending(null)}
          onConfirm={({ reason, note }) => decide(pending, reason, note)}
        />
      )}
      {pending && pending.kind !== 'close' && pending.kind !== 'reopen' && (
        <DecisionDialog
          title={`${pending.kind === 'one' ? w('act.title') : w('act.bulkTitle')} · ${w(`act.${pending.action}`)}`}
          summary={pending.kind === 'one'
            ? <>#{pending.difference.id} · {pending.difference.orderId ?? '—'} · {translate(lang, `cat.${pending.difference.category}` as MessageKey)} · {w('col.difference')} <b>{money(pending.difference.differenceMinor)}</b></>
            : <>{w('act.bulkSummary')}：<b data-field="count">{pending.totals.count}</b> · {w('list.amount')} <b data-field="amount">{money(pending.totals.amountMinor)}</b> · {w('rec.net')} {money(pending.totals.channelNetMinor)}<br /><span className="muted">{w('act.bulkOpenOnly')}</span></>}
          reasons={reasonsFor(pending.action)}
          acknowledge={capWarning(pending)}
          confirmLabel={w(`act.${pending.action}`)}
          onCancel={() => setPending(null)}
          onConfirm={({ reason, note }) => decide(pending, reason, note)}
        />
      )}
    </div>
  );
}

function Card(props: { label: string; value: string; field: string; tone?: 'bad' | 'good'; sub?: string; children?: ReactNode }) {
  return (
    <div className={`card ${props.tone ?? ''}`} data-field={props.field}>
      <div className="card-label">{props.label}</div>
      <div className="card-value num">{props.value}</div>
      {props.sub && <div className="card-sub muted">{props.sub}</div>}
      {props.children}
    </div>
  );
}

/** A select that acts: picking an action opens its confirmation. */
function BulkMenu(props: { label: string; disabled: boolean; name: string; onPick(a: Action): void }) {
  const w = useW();
  return (
    <select name={props.name} aria-label={props.label} disabled={props.disabled} value="" onChange={(e) => {
      const a = ACTIONS.find((x) => x === e.target.value);
      if (a) props.onPick(a);
    }}>
      <option value="">{props.label}…</option>
      {ACTIONS.map((a) => <option key={a} value={a}>{w(`act.${a}` as WorkbenchKey)}</option>)}
    </select>
  );
}
