import { useCallback, useEffect, useRef, useState } from 'react';
import { AGING_BUCKETS, RECEIPT_ACTIONS, type ReceiptAction, type ReceiptDifference, type ReceivablesOverview, type ReceivableStatus, type UnclaimedReceipt } from '../../../../shared/contract/receivables';
import { formatMoney } from '../../../../shared/money';
import { formatInstant } from '../../../../shared/time';
import { call, EngineError, frontDoor } from '../../client';
import { useR, type ReceivablesKey } from '../../i18n-receivables';
import { useApp } from '../../store';
import '../reconcile/workbench.css';
import './receivables.css';

const STATUS_PILL: Record<ReceivableStatus, string> = { unpaid: '', partial: 'warn', paid: 'good', overpaid: 'warn', overdue: 'bad' };

/**
 * 回款: each agreed statement as a receivable with its status and days outstanding, money expected,
 * received and overdue per channel, aging, unidentified receipts to assign, and the differences of
 * the receipts stage with their actions.
 */
export function Receivables() {
  const r = useR();
  const { channels, showError, clearError } = useApp();
  // Empty until the engine answers with its today (in the workspace's zone).
  const [asOf, setAsOf] = useState('');
  const [channelId, setChannelId] = useState('');
  const [data, setData] = useState<ReceivablesOverview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [accountNo, setAccountNo] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    call('receivables.overview', { ...(asOf ? { asOf } : {}), ...(channelId ? { channelId } : {}) })
      .then((o) => {
        setData(o);
        if (!asOf) setAsOf(o.asOf);
      })
      .catch(showError);
  }, [asOf, channelId, showError]);
  useEffect(load, [load]);

  async function act(job: () => Promise<unknown>, done?: string) {
    try {
      await job();
      clearError();
      if (done) setMessage(done);
      load();
    } catch (e) {
      showError(e);
    }
  }

  async function importFiles(files: File[]) {
    const added = await frontDoor().addFiles(files);
    if (!added.ok) return showError(new EngineError(added.error));
    await act(async () => {
      for (const f of added.value) await call('bank.import', { fileRef: f.ref, ...(accountNo.trim() ? { accountNo: accountNo.trim() } : {}) });
    }, `${r('rv.imported')}: ${added.value.map((f) => f.name).join(', ')}`);
  }

  async function chooseBankFiles() {
    const door = frontDoor();
    if (door.chooseFiles) {
      const chosen = await door.chooseFiles();
      await act(async () => {
        for (const f of chosen) await call('bank.import', { fileRef: f.ref, ...(accountNo.trim() ? { accountNo: accountNo.trim() } : {}) });
      }, `${r('rv.imported')}: ${chosen.map((f) => f.name).join(', ')}`);
    } else fileInput.current?.click();
  }

  const exportLetter = () => act(() => call('receivables.export', { ...(asOf ? { asOf } : {}), ...(channelId ? { channelId } : {}) }, {
    onOutputs: (files) => void Promise.all(files.map((f) => frontDoor().saveOutput(f))),
  }).then((f) => setMessage(`${r('rv.exported')}: ${f.path.split(/[\\/]/).pop()}`)));

  const m = (minor: number, currency: string) => formatMoney(minor, currency);
  return (
    <div className="screen receivables">
      <section className="panel">
        <div className="panel-head">
          <h2>{r('rv.title')}</h2>
          <label>{r('rv.asOf')} <input type="date" name="asOf" value={asOf} onChange={(e) => e.target.value && setAsOf(e.target.value)} /></label>
          <label>{r('rv.channel')}{' '}
            <select name="channel" value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              <option value="">{r('rv.allChannels')}</option>
              {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
        </div>
        <div className="row">
          <label>{r('rv.account')} <input name="bankAccount" value={accountNo} onChange={(e) => setAccountNo(e.target.value)} maxLength={60} /></label>
          <button type="button" onClick={() => void chooseBankFiles()}>{r('rv.importBank')}</button>
          <input ref={fileInput} type="file" className="hidden-input" aria-label={r('rv.importBank')} multiple accept=".csv,.xls,.xlsx,.txt,.zip"
            onChange={(e) => { const files = Array.from(e.target.files ?? []); e.target.value = ''; if (files.length) void importFiles(files); }} />
          <button type="button" className="primary" onClick={() => void exportLetter()}>{r('rv.export')}</button>
          {message && <span className="ok" role="status">{message}</span>}
        </div>
      </section>
      {data && (
        <>
          <Totals data={data} />
          <section className="panel">
            <h2>{r('rv.list')}</h2>
            {data.receivables.length === 0 ? <p className="muted">{r('rv.none')}</p> : (
              <table className="grid" aria-label={r('rv.list')}>
                <thead>
                  <tr>
                    <th>{r('rv.channel')}</th><th>{r('rv.period')}</th><th>{r('rv.statementNo')}</th><th className="num">{r('rv.agreed')}</th>
                    <th className="num">{r('rv.received')}</th><th className="num">{r('rv.charge')}</th><th className="num">{r('rv.outstanding')}</th>
                    <th>{r('rv.expectedOn')}</th><th className="num">{r('rv.days')}</th><th>{r('rv.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.receivables.map((x) => (
                    <tr key={x.key} data-key={x.key}>
                      <td>{x.channelName}</td><td>{x.period}</td><td className="mono">{x.statementNo ?? ''}</td>
                      <td className="num">{m(x.agreedMinor, x.currency)}</td><td className="num">{m(x.receivedMinor, x.currency)}</td>
                      <td className="num">{x.chargeMinor ? m(x.chargeMinor, x.currency) : ''}</td>
                      <td className={x.outstandingMinor < 0 ? 'num neg' : 'num'}>{m(x.outstandingMinor, x.currency)}</td>
                      <td>{x.expectedOn}</td><td className="num">{x.daysOutstanding ?? ''}</td>
                      <td><span className={`pill ${STATUS_PILL[x.status]}`} data-status={x.status}>{r(`rv.status.${x.status}` as ReceivablesKey)}</span>{x.daysOverdue > 0 ? ` +${x.daysOverdue}` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <Unclaimed data={data} onAct={act} />
          <Differences items={data.differences} onAct={act} />
          {data.continuity.length > 0 && (
            <section className="panel">
              <h2>{r('rv.breaks')}</h2>
              <ul className="problem">
                {data.continuity.map((b) => (
                  <li key={`${b.before.id}-${b.after.id}`}>
                    {b.accountNo}: {b.before.fileName}:{b.before.rowNumber} → {b.after.fileName}:{b.after.rowNumber}{' '}
                    {r('rv.breakRow').replace('{expected}', formatMoney(b.expectedMinor)).replace('{actual}', formatMoney(b.actualMinor)).replace('{missing}', formatMoney(b.missingMinor))}
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function Totals({ data }: { data: ReceivablesOverview }) {
  const r = useR();
  if (data.totals.length === 0) return null;
  return (
    <section className="panel">
      <h2>{r('rv.totals')}</h2>
      <table className="grid" aria-label={r('rv.totals')}>
        <thead>
          <tr><th>{r('rv.channel')}</th><th className="num">{r('rv.expected')}</th><th className="num">{r('rv.received')}</th><th className="num">{r('rv.outstanding')}</th><th className="num">{r('rv.overdue')}</th></tr>
        </thead>
        <tbody>
          {data.totals.map((t) => (
            <tr key={`${t.channelId}-${t.currency}`}>
              <td>{t.channelName} <span className="muted">{t.currency}</span></td>
              <td className="num">{formatMoney(t.expectedMinor, t.currency)}</td><td className="num">{formatMoney(t.receivedMinor, t.currency)}</td>
              <td className="num">{formatMoney(t.outstandingMinor, t.currency)}</td><td className={t.overdueMinor > 0 ? 'num neg' : 'num'}>{formatMoney(t.overdueMinor, t.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{r('rv.aging')}</h3>
      <table className="grid" aria-label={r('rv.aging')}>
        <thead><tr><th>{r('rv.channel')}</th>{AGING_BUCKETS.map((b) => <th key={b} className="num">{b}</th>)}</tr></thead>
        <tbody>
          {data.aging.map((a) => (
            <tr key={`${a.channelId}-${a.currency}`}>
              <td>{data.totals.find((t) => t.channelId === a.channelId)?.channelName ?? a.channelId}</td>
              {AGING_BUCKETS.map((b) => <td key={b} className="num">{formatMoney(a.buckets[b], a.currency)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type Act = (job: () => Promise<unknown>, done?: string) => Promise<void>;

function Unclaimed({ data, onAct }: { data: ReceivablesOverview; onAct: Act }) {
  const r = useR();
  return (
    <section className="panel">
      <h2>{r('rv.unclaimed')} ({data.unclaimedCount})</h2>
      {data.unclaimed.length === 0 ? <p className="muted">{r('rv.unclaimedNone')}</p> : (
        <table className="grid" aria-label={r('rv.unclaimed')}>
          <thead><tr><th>{r('rv.time')}</th><th className="num">{r('rv.amount')}</th><th>{r('rv.payer')}</th><th>{r('rv.remark')}</th><th>{r('rv.assign')}</th></tr></thead>
          <tbody>{data.unclaimed.map((u) => <UnclaimedRow key={u.row.id} u={u} timeZone={data.timeZone} onAct={onAct} />)}</tbody>
        </table>
      )}
      {data.assigned.length > 0 && (
        <>
          <h3>{r('rv.assigned')}</h3>
          <table className="grid" aria-label={r('rv.assigned')}>
            <thead><tr><th>{r('rv.time')}</th><th className="num">{r('rv.amount')}</th><th>{r('rv.payer')}</th><th>{r('rv.assign')}</th><th>{r('rv.note')}</th><th>{r('rv.by')}</th><th /></tr></thead>
            <tbody>
              {data.assigned.map((a) => (
                <tr key={a.row.id}>
                  <td>{formatInstant(a.row.occurredAt, data.timeZone).slice(0, 16)}</td><td className="num">{formatMoney(a.row.amountMinor)}</td><td>{a.row.counterpartyName ?? a.row.counterpartyAccount ?? ''}</td>
                  <td>{a.kind === 'not_settlement' ? r('rv.notSettlement') : `${a.channelId} ${a.period}`}</td><td>{a.note ?? ''}</td><td>{a.assignedBy}</td>
                  <td><button type="button" className="link" onClick={() => void onAct(() => call('receipts.unassign', { bankRowId: a.row.id }))}>{r('rv.undo')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function UnclaimedRow({ u, timeZone, onAct }: { u: UnclaimedReceipt; timeZone: string; onAct: Act }) {
  const r = useR();
  const { channels } = useApp();
  const [channelId, setChannelId] = useState(channels[0]?.id ?? '');
  const [period, setPeriod] = useState('');
  const [note, setNote] = useState('');
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(period) && channelId !== '';
  return (
    <tr data-row={u.row.id}>
      <td>{formatInstant(u.row.occurredAt, timeZone).slice(0, 16)}</td>
      <td className="num">{formatMoney(u.row.amountMinor, u.currency)}</td>
      <td>{u.row.counterpartyName ?? ''} <span className="muted mono">{u.row.counterpartyAccount ?? ''}</span></td>
      <td>{u.row.remark ?? ''}</td>
      <td className="row">
        <select aria-label={r('rv.channel')} value={channelId} onChange={(e) => setChannelId(e.target.value)}>
          {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
        <input aria-label={r('rv.period')} placeholder="YYYY-MM" value={period} onChange={(e) => setPeriod(e.target.value.trim())} size={8} />
        <input aria-label={r('rv.note')} placeholder={r('rv.note')} value={note} onChange={(e) => setNote(e.target.value)} size={12} />
        <button type="button" disabled={!valid} onClick={() => void onAct(() => call('receipts.assign', { bankRowId: u.row.id, kind: 'receivable', channelId, period, ...(note ? { note } : {}) }))}>{r('rv.assign')}</button>
        <button type="button" className="link" onClick={() => void onAct(() => call('receipts.assign', { bankRowId: u.row.id, kind: 'not_settlement', ...(note ? { note } : {}) }))}>{r('rv.notSettlement')}</button>
      </td>
    </tr>
  );
}

function Differences({ items, onAct }: { items: ReceiptDifference[]; onAct: Act }) {
  const r = useR();
  return (
    <section className="panel">
      <h2>{r('rv.differences')}</h2>
      {items.length === 0 ? <p className="muted">{r('rv.diffNone')}</p> : (
        <table className="grid" aria-label={r('rv.differences')}>
          <thead><tr><th>{r('rv.status')}</th><th>{r('rv.channel')}</th><th>{r('rv.period')}</th><th className="num">{r('rv.amount')}</th><th>{r('rv.remark')}</th><th>{r('rv.action')}</th></tr></thead>
          <tbody>{items.map((d) => <DifferenceRow key={d.key} d={d} onAct={onAct} />)}</tbody>
        </table>
      )}
    </section>
  );
}

function DifferenceRow({ d, onAct }: { d: ReceiptDifference; onAct: Act }) {
  const r = useR();
  const lang = useApp((s) => s.lang);
  const [action, setAction] = useState<ReceiptAction>(d.kind === 'short_paid' ? 'dispute' : 'refund');
  const [note, setNote] = useState('');
  return (
    <tr data-key={d.key}>
      <td>{r(`rv.kind.${d.kind}` as ReceivablesKey)} · {d.status === 'open' ? r('rv.open') : r('rv.resolved')}</td>
      <td>{d.channelId}</td><td>{d.period ?? ''}</td>
      <td className="num">{formatMoney(d.amountMinor, d.currency)}</td>
      <td>{d.detail[lang]}{d.note ? ` — ${d.note}` : ''}</td>
      <td className="row">
        {d.status === 'open' ? (
          <>
            <select aria-label={r('rv.action')} value={action} onChange={(e) => setAction(e.target.value as ReceiptAction)}>
              {RECEIPT_ACTIONS.map((a) => <option key={a} value={a}>{r(`rv.action.${a}` as ReceivablesKey)}</option>)}
            </select>
            <input aria-label={r('rv.note')} placeholder={r('rv.note')} value={note} onChange={(e) => setNote(e.target.value)} size={14} />
            <button type="button" onClick={() => void onAct(() => call('receipts.resolve', { key: d.key, action, ...(note ? { note } : {}) }))}>{r('rv.resolve')}</button>
          </>
        ) : (
          <>
            {d.action ? r(`rv.action.${d.action}` as ReceivablesKey) : ''} · {d.resolvedBy}{' '}
            <button type="button" className="link" onClick={() => void onAct(() => call('receipts.undo', { key: d.key }))}>{r('rv.undo')}</button>
          </>
        )}
      </td>
    </tr>
  );
}
