import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatMoney } from '../../../../shared/money';
import type { DifferenceView } from '../../../../shared/report';
import { formatInstant } from '../../../../shared/time';
import { translate, type MessageKey } from '../../i18n';
import { useW, type WorkbenchKey } from '../../i18n-workbench';
import { useApp } from '../../store';
import { ageDays } from './figures';
import { visibleRange, type RowWindows } from './windows';

/** Fixed row height: positions are computed, never measured, so 100,000 rows cost nothing until seen. */
export const ROW_HEIGHT = 28;

/** Performance marks the bench reads (performance.getEntriesByName). */
export const MARKS = { open: 'recon:open', firstRows: 'recon:first-rows', firstScreen: 'recon:first-screen', scrollFill: 'recon:scroll-fill' } as const;

export function DiffList(props: {
  windows: RowWindows<DifferenceView>;
  /** Bumped whenever a page arrives, so the list re-renders with it. */
  version: number;
  total: number | null;
  cursor: number;
  onCursor(index: number): void;
  selected: ReadonlyMap<number, DifferenceView>;
  onToggle(row: DifferenceView): void;
  timeZone: string;
  currency: string;
}) {
  const w = useW();
  const lang = useApp((s) => s.lang);
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(560);
  const scrollStarted = useRef<number | null>(null);
  const firstMarked = useRef(false);
  const total = props.total ?? 0;
  const { first, last } = visibleRange(scrollTop, height, ROW_HEIGHT, total);
  const { windows } = props;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  useEffect(() => windows.ensure(first, last, total), [windows, first, last, total, props.version]);

  // A new query starts at the top.
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setScrollTop(0);
  }, [windows]);

  // Keep the cursor row in view when it moves by keyboard.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const top = props.cursor * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [props.cursor]);

  // Marks for the bench: the first rows on screen, and how long rows took to fill after a scroll.
  const filled = props.total !== null && (total === 0 || windows.has(first, Math.max(first, last)));
  useEffect(() => {
    if (!filled) return;
    if (!firstMarked.current) {
      firstMarked.current = true;
      performance.mark(MARKS.firstRows);
      if (performance.getEntriesByName(MARKS.open).length > 0) performance.measure(MARKS.firstScreen, MARKS.open, MARKS.firstRows);
    }
    if (scrollStarted.current !== null) {
      performance.measure(MARKS.scrollFill, { start: scrollStarted.current, end: performance.now() });
      scrollStarted.current = null;
    }
  });

  const rows = [];
  const now = Date.now();
  for (let i = first; i <= last; i++) {
    const d = windows.row(i);
    const classes = ['vrow', i === props.cursor ? 'cursor' : '', d && props.selected.has(d.id) ? 'selected' : '', d?.status === 'resolved' ? 'resolved' : ''].filter(Boolean).join(' ');
    rows.push(
      <div key={i} role="row" aria-rowindex={i + 1} aria-selected={i === props.cursor} className={classes} style={{ transform: `translateY(${i * ROW_HEIGHT}px)` }}
        data-index={i} data-diff-id={d?.id} data-category={d?.category} data-status={d?.status} onClick={() => props.onCursor(i)}>
        {d ? (
          <>
            <span className="c-sel" role="gridcell">
              <input type="checkbox" aria-label={w('sel.toggle')} checked={props.selected.has(d.id)} onChange={() => props.onToggle(d)} onClick={(e) => e.stopPropagation()} />
            </span>
            <span className="c-id num mono" role="gridcell">{d.id}</span>
            <span className="c-cat" role="gridcell">{translate(lang, `cat.${d.category}` as MessageKey)}</span>
            <span className="c-order mono" role="gridcell" title={d.orderId ?? ''}>{d.orderId ?? d.channel[0]?.channelTxnId ?? '—'}</span>
            <span className="c-time num" role="gridcell">{formatInstant(occurredAt(d), props.timeZone).slice(5, 16)}</span>
            <span className="c-age num" role="gridcell">{ageDays(occurredAt(d), now)}</span>
            <span className="c-amt num" role="gridcell">{d.channel.length > 0 ? formatMoney(d.channelAmountMinor, props.currency) : '—'}</span>
            <span className="c-amt num" role="gridcell">{d.internal.length > 0 ? formatMoney(d.internalAmountMinor, props.currency) : '—'}</span>
            <span className={d.differenceMinor < 0 ? 'c-amt num neg' : 'c-amt num'} role="gridcell">{formatMoney(d.differenceMinor, props.currency)}</span>
            <span className="c-status" role="gridcell">{d.status === 'open' ? <span className="pill bad">{w('status.open')}</span> : <span className="pill good">{w(`act.${d.resolution ?? 'waive'}` as WorkbenchKey)}</span>}</span>
          </>
        ) : <span className="muted c-loading">{w('list.loading')}</span>}
      </div>,
    );
  }

  return (
    <div className="vlist-wrap">
      <div className="vhead" role="row">
        <span className="c-sel" />
        <span className="c-id num">{w('col.id')}</span>
        <span className="c-cat">{w('col.category')}</span>
        <span className="c-order">{w('col.orderId')}</span>
        <span className="c-time num">{w('col.time')}</span>
        <span className="c-age num" title={w('flt.days')}>{w('col.age')}</span>
        <span className="c-amt num">{w('col.channelAmount')}</span>
        <span className="c-amt num">{w('col.internalAmount')}</span>
        <span className="c-amt num">{w('col.difference')}</span>
        <span className="c-status">{w('col.status')}</span>
      </div>
      <div ref={ref} className="vlist" role="grid" aria-rowcount={total} data-testid="diff-list" tabIndex={0}
        onScroll={(e) => {
          const top = e.currentTarget.scrollTop;
          const next = visibleRange(top, height, ROW_HEIGHT, total);
          if (scrollStarted.current === null && !windows.has(next.first, Math.max(next.first, next.last))) scrollStarted.current = performance.now();
          setScrollTop(top);
        }}>
        <div className="vspace" style={{ height: total * ROW_HEIGHT }}>{rows}</div>
        {props.total === 0 && <p className="muted empty">{w('list.empty')}</p>}
      </div>
    </div>
  );
}

/** When the difference happened: its earliest record (the list is sorted by the same instant). */
function occurredAt(d: DifferenceView): number {
  const times = [...d.channel, ...d.internal].map((r) => r.occurredAt);
  return times.length > 0 ? Math.min(...times) : 0;
}
