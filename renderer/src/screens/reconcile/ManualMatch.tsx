import { useEffect, useState } from 'react';
import type { DifferenceRecord, DifferenceView } from '../../../../shared/report';
import { formatMoney } from '../../../../shared/money';
import { formatInstant } from '../../../../shared/time';
import { call } from '../../client';
import { useW } from '../../i18n-workbench';
import { useApp } from '../../store';
import { DecisionDialog } from './DecisionDialog';
import { manualTotals } from './figures';

const SIDE_LIMIT = 200;

/**
 * Manual matching: open one-sided differences of the channel and period on each side, ticked by the
 * user, with the running totals and their difference; one-to-many and many-to-one, never many-to-many.
 */
export function ManualMatch(props: { channelId: string; period: string; currency: string; timeZone: string; toleranceMinor: number; start: DifferenceView | null; readOnly: boolean; onDone(): void; onClose(): void }) {
  const w = useW();
  const showError = useApp((s) => s.showError);
  const [text, setText] = useState('');
  const [internal, setInternal] = useState<DifferenceView[]>([]);
  const [channel, setChannel] = useState<DifferenceView[]>([]);
  const [picked, setPicked] = useState<Map<number, DifferenceRecord>>(() => new Map((props.start ? [...props.start.internal, ...props.start.channel] : []).map((r) => [r.id, r])));
  const [confirming, setConfirming] = useState(false);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    let live = true;
    const base = { channelId: props.channelId, period: props.period, status: 'open' as const, text: text.trim() || undefined, limit: SIDE_LIMIT };
    Promise.all([call('diffs.list', { ...base, category: 'internal_only' }), call('diffs.list', { ...base, category: 'channel_only' })])
      .then(([i, c]) => {
        if (!live) return;
        setInternal(i);
        setChannel(c);
      })
      .catch(showError);
    return () => {
      live = false;
    };
  }, [props.channelId, props.period, text, reloads, showError]);

  const pickedInternal = [...picked.values()].filter((r) => r.side === 'internal');
  const pickedChannel = [...picked.values()].filter((r) => r.side === 'channel');
  const totals = manualTotals(pickedInternal, pickedChannel);
  const money = (m: number) => formatMoney(m, props.currency);
  // Beyond the channel's tolerance the person must say why in their own words (the engine refuses otherwise).
  const beyondTolerance = Math.abs(totals.differenceMinor) > props.toleranceMinor;
  const beyondText = `${w('mm.beyondTolerance')} ${money(props.toleranceMinor)}`;

  function toggle(r: DifferenceRecord) {
    setPicked((prev) => {
      const next = new Map(prev);
      if (next.has(r.id)) next.delete(r.id);
      else next.set(r.id, r);
      return next;
    });
  }

  const side = (title: string, rows: DifferenceView[], which: 'internal' | 'channel') => (
    <div className="mm-side" data-side={which}>
      <h3>{title}</h3>
      <div className="scroll">
        <table className="grid">
          <tbody>
            {rows.flatMap((d) => d[which]).map((r) => (
              <tr key={r.id} className={picked.has(r.id) ? 'selected' : undefined} data-record-id={r.id} data-order-id={r.orderId ?? ''}>
                <td><input type="checkbox" aria-label={`#${r.id}`} checked={picked.has(r.id)} onChange={() => toggle(r)} /></td>
                <td className="mono">{r.orderId ?? r.channelTxnId ?? '—'}</td>
                <td className="num">{formatInstant(r.occurredAt, props.timeZone).slice(5, 16)}</td>
                <td className="num">{r.kind === 'refund' ? '−' : ''}{money(r.amountMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );

  return (
    <section className="panel manual-match" aria-label={w('mm.title')} data-testid="manual-match">
      <div className="panel-head">
        <h2>{w('mm.title')}</h2>
        <span className="muted">{w('mm.help')}</span>
        <span className="spacer" />
        <input name="mm-search" placeholder={w('mm.search')} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="button" className="link" onClick={props.onClose}>✕</button>
      </div>
      <div className="mm-grid">
        {side(w('mm.internalSide'), internal, 'internal')}
        {side(w('mm.channelSide'), channel, 'channel')}
      </div>
      <div className="mm-totals" data-testid="mm-totals">
        <span>{w('mm.sumInternal')} ({pickedInternal.length}) <strong className="num" data-field="internal">{money(totals.internalMinor)}</strong></span>
        <span>{w('mm.sumChannel')} ({pickedChannel.length}) <strong className="num" data-field="channel">{money(totals.channelMinor)}</strong></span>
        <span>{w('mm.sumDiff')} <strong className={totals.differenceMinor === 0 ? 'num ok' : 'num neg'} data-field="difference">{money(totals.differenceMinor)}</strong></span>
        {beyondTolerance && picked.size > 0 && <span className="problem" data-field="beyond-tolerance">{beyondText}</span>}
        {pickedInternal.length > 1 && pickedChannel.length > 1 && <span className="problem">{w('mm.manyToMany')}</span>}
        <span className="spacer" />
        <button type="button" className="primary" disabled={!totals.allowed || props.readOnly} onClick={() => setConfirming(true)}>{w('mm.match')}</button>
      </div>
      {confirming && (
        <DecisionDialog
          title={w('mm.title')}
          summary={<>{w('mm.sumInternal')} {money(totals.internalMinor)} ({pickedInternal.length}) · {w('mm.sumChannel')} {money(totals.channelMinor)} ({pickedChannel.length}) · {w('mm.sumDiff')} <strong>{money(totals.differenceMinor)}</strong>
            {beyondTolerance && <p className="problem" data-testid="mm-beyond">{beyondText}：{w('mm.reasonRequired')}</p>}</>}
          reasons={beyondTolerance ? [w('mm.ownReason')] : [w('reason.manual_match'), w('reason.other')]}
          confirmLabel={w('mm.match')}
          onCancel={() => setConfirming(false)}
          onConfirm={async ({ reason, note }) => {
            try {
              await call('match.manual', { internalIds: pickedInternal.map((r) => r.id), channelIds: pickedChannel.map((r) => r.id), reason, note: note ?? '' });
              setConfirming(false);
              setPicked(new Map());
              setReloads((n) => n + 1);
              props.onDone();
            } catch (e) {
              showError(e);
            }
          }}
        />
      )}
    </section>
  );
}
