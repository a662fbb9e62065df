import { useState, type ReactNode } from 'react';
import { formatMoney } from '../../../../shared/money';
import type { RawRecordRow } from '../../../../shared/contract/import';
import type { DifferenceRecord, DifferenceView } from '../../../../shared/report';
import { formatInstant, formatLocalTime, localTimeZone } from '../../../../shared/time';
import { call } from '../../client';
import { translate, type MessageKey } from '../../i18n';
import { useW, type WorkbenchKey } from '../../i18n-workbench';
import { useApp } from '../../store';

export const ACTIONS = ['backfill', 'carry', 'dispute', 'refund', 'writeoff', 'waive'] as const;
export type Action = (typeof ACTIONS)[number];

/** One key per action; j/k and the arrows move, u undoes, x selects, m opens manual matching. */
export const ACTION_KEYS: Record<Action, string> = { backfill: 'b', carry: 'c', dispute: 'd', refund: 'r', writeoff: 'o', waive: 'v' };

interface Field {
  label: WorkbenchKey;
  value(r: DifferenceRecord): string;
  /** Compared across the two sides; a difference is highlighted. */
  compare?: (r: DifferenceRecord) => string;
}

/**
 * Internal record(s) on the left, channel record(s) on the right, one line per field so the two sides
 * read across; a value that disagrees with the other side is highlighted. The raw source cells of each
 * row are one click away.
 */
export function DiffDetail(props: { difference: DifferenceView | null; timeZone: string; currency: string; actions: ReactNode }) {
  const w = useW();
  const lang = useApp((s) => s.lang);
  const d = props.difference;
  if (!d) return <aside className="detail panel-sub"><p className="muted">{w('det.none')}</p></aside>;
  const money = (m: number | null) => (m === null ? '—' : formatMoney(m, props.currency));
  const fields: Field[] = [
    { label: 'det.kind', value: (r) => (r.kind === 'payment' ? w('det.payment') : w('det.refundKind')), compare: (r) => r.kind },
    { label: 'det.orderId', value: (r) => r.orderId ?? '—', compare: (r) => r.orderId ?? '' },
    { label: 'det.txnId', value: (r) => r.channelTxnId ?? '—' },
    { label: 'det.refundId', value: (r) => r.refundId ?? '—' },
    { label: 'det.amount', value: (r) => money(r.amountMinor) },
    { label: 'det.fee', value: (r) => money(r.feeMinor) },
    { label: 'det.refunded', value: (r) => money(r.refundedMinor) },
    { label: 'det.status', value: (r) => r.status ?? '—' },
    { label: 'det.time', value: (r) => formatInstant(r.occurredAt, props.timeZone) },
    { label: 'det.period', value: (r) => r.period, compare: (r) => r.period },
  ];
  const columns = [...d.internal.map((r) => ({ side: 'internal' as const, r })), ...d.channel.map((r) => ({ side: 'channel' as const, r }))];
  // Only what really differs is highlighted: the amounts when the two sides' totals differ, the status when
  // an in-house order stands beside a channel payment it was not matched to (unpaid: 待支付), the refunded
  // amount of a refund mismatch.
  const both = d.internal.length > 0 && d.channel.length > 0;
  const total = (rs: DifferenceRecord[]) => rs.reduce((s, r) => s + (r.kind === 'refund' ? -r.amountMinor : r.amountMinor), 0);
  const amountsDiffer = both && total(d.internal) !== total(d.channel);
  const differs = (f: Field, r: DifferenceRecord): boolean => {
    if (f.label === 'det.amount') return amountsDiffer;
    if (f.label === 'det.status') return both && d.category === 'channel_only';
    if (f.label === 'det.refunded') return both && d.category === 'refund_mismatch' && r.side === 'internal';
    if (!f.compare || d.internal.length === 0 || d.channel.length === 0) return false;
    const other = r.side === 'internal' ? d.channel : d.internal;
    return !other.some((o) => f.compare!(o) === f.compare!(r));
  };

  return (
    <aside className="detail panel-sub" aria-label={w('det.title')} data-testid="diff-detail" data-diff-id={d.id}>
      <div className="detail-head">
        <h2>#{d.id} · {translate(lang, `cat.${d.category}` as MessageKey)}</h2>
        <span className={d.differenceMinor < 0 ? 'num neg big' : 'num big'}>{w('col.difference')} {formatMoney(d.differenceMinor, props.currency)}</span>
      </div>
      <table className="grid sbs">
        <thead>
          <tr>
            <th>{w('det.field')}</th>
            {d.internal.length === 0 && <th className="side-internal">{w('det.internal')}</th>}
            {columns.map(({ side, r }) => <th key={r.id} className={`side-${side}`}>{side === 'internal' ? w('det.internal') : w('det.channel')} <span className="muted mono">#{r.id}</span></th>)}
            {d.channel.length === 0 && <th className="side-channel">{w('det.channel')}</th>}
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.label}>
              <th scope="row">{w(f.label)}</th>
              {d.internal.length === 0 && <td className="muted">{w('det.noRecord')}</td>}
              {columns.map(({ r }) => (
                <td key={r.id} className={differs(f, r) ? 'differs' : undefined} title={differs(f, r) ? w('det.differs') : undefined}>{f.value(r)}</td>
              ))}
              {d.channel.length === 0 && <td className="muted">{w('det.noRecord')}</td>}
            </tr>
          ))}
          <tr>
            <th scope="row">{w('det.source')}</th>
            {d.internal.length === 0 && <td />}
            {columns.map(({ r }) => <td key={r.id}><RawCells record={r} /></td>)}
            {d.channel.length === 0 && <td />}
          </tr>
        </tbody>
      </table>
      {d.status === 'resolved' && (
        <p className="decision" data-testid="decision">
          <span className="pill good">{w(`act.${d.resolution ?? 'waive'}` as WorkbenchKey)}</span> {d.reason} {d.note && <>· {d.note}</>}
          {d.resolvedBy && <span className="muted" data-field="resolved-by"> · {w('det.by')} {d.resolvedBy}</span>}
          {d.resolvedAt && <span className="muted" data-field="resolved-at"> · {w('det.resolvedAt')} {formatLocalTime(d.resolvedAt)} ({localTimeZone()})</span>}
        </p>
      )}
      <div className="detail-actions">{props.actions}</div>
    </aside>
  );
}

/**
 * File and row of a record, and on demand its row as the file has it: each cell under the file's
 * column name (A, B, C… for files imported before headers were kept).
 */
function RawCells({ record }: { record: DifferenceRecord }) {
  const w = useW();
  const showError = useApp((s) => s.showError);
  const [raw, setRaw] = useState<RawRecordRow | null>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    setBusy(true);
    try {
      setRaw(await call('records.raw', { recordId: record.id }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="raw">
      <span className="mono">{record.fileName}</span> <span className="muted">#{record.rowNumber}</span>{' '}
      {raw === null && <button type="button" className="link" disabled={busy} onClick={() => void load()}>{w('det.raw')}</button>}
      {raw !== null && raw.cells === null && <span className="muted">{w('det.rawNone')}</span>}
      {raw?.cells && (
        <ol className="raw-cells mono" data-testid="raw-cells">
          {raw.cells.map((c, i) => <li key={i}><span className="muted">{raw.header?.[i] || columnName(i)}</span> {c ?? ''}</li>)}
        </ol>
      )}
    </div>
  );
}

function columnName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
