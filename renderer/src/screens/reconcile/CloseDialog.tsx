import { useEffect, useState } from 'react';
import type { DifferenceTotals } from '../../../../shared/contract/match';
import { formatMoney } from '../../../../shared/money';
import type { DifferenceView } from '../../../../shared/report';
import { call } from '../../client';
import { translate, type MessageKey } from '../../i18n';
import { useW } from '../../i18n-workbench';
import { useApp } from '../../store';
import { DecisionDialog } from './DecisionDialog';

const LISTED = 50;

/**
 * Closing a period: the note is required, and with open differences the dialog lists them and the person
 * must tick that they close with them open (the engine refuses otherwise).
 */
export function CloseDialog(props: { channelId: string; period: string; currency: string; onConfirm(note: string, withOpen: boolean): Promise<void>; onCancel(): void }) {
  const w = useW();
  const { lang, showError } = useApp();
  const [open, setOpen] = useState<{ list: DifferenceView[]; totals: DifferenceTotals } | null>(null);

  useEffect(() => {
    let live = true;
    const q = { channelId: props.channelId, period: props.period, status: 'open' as const };
    Promise.all([call('diffs.list', { ...q, sort: 'id', limit: LISTED }), call('diffs.count', q)])
      .then(([list, totals]) => live && setOpen({ list, totals }))
      .catch(showError);
    return () => {
      live = false;
    };
  }, [props.channelId, props.period, showError]);

  const money = (m: number) => formatMoney(m, props.currency);
  const count = open?.totals.count ?? 0;
  const listing = open && count > 0 && (
    <div data-testid="close-open-list">
      <p className="warn">{w('rec.closeOpenLeft')}：<b data-field="count">{count.toLocaleString('en-US')}</b> {w('rec.items')} · {w('list.amount')} <b data-field="amount">{money(open.totals.amountMinor)}</b></p>
      <table className="grid small">
        <tbody>
          {open.list.map((d) => (
            <tr key={d.id} data-diff-id={d.id}>
              <td className="mono">#{d.id}</td>
              <td className="mono">{d.orderId ?? '—'}</td>
              <td>{translate(lang, `cat.${d.category}` as MessageKey)}</td>
              <td className="num">{money(d.differenceMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {count > open.list.length && <p className="muted">{w('rec.closeMore').replace('{n}', (count - open.list.length).toLocaleString('en-US'))}</p>}
    </div>
  );

  return (
    <DecisionDialog
      title={w('rec.closeTitle')}
      summary={<>{w('rec.closeBody')}{listing}</>}
      acknowledge={count > 0 ? { warning: w('rec.closeWithOpen'), label: w('rec.closeWithOpenAck').replace('{n}', count.toLocaleString('en-US')) } : null}
      confirmLabel={w('rec.close')}
      onCancel={props.onCancel}
      onConfirm={({ note }) => props.onConfirm(note ?? '', count > 0)}
    />
  );
}
