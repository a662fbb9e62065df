import type { PreviewRow } from '../../../shared/contract/import';
import { formatMoney } from '../../../shared/money';
import { formatInstant } from '../../../shared/time';
import { useT } from '../i18n';
import { useApp } from '../store';

/** Cells as the file holds them, with the physical row number. */
export function RawTable({ header, rows, onPickRow, highlight }: { header?: string[]; rows: { rowNumber: number; cells: (string | null)[] }[]; onPickRow?: (rowNumber: number) => void; highlight?: number }) {
  const width = Math.max(header?.length ?? 0, ...rows.map((r) => r.cells.length));
  const cols = Array.from({ length: width }, (_, i) => i);
  return (
    <div className="scroll">
      <table className="grid raw">
        {header && (
          <thead>
            <tr><th className="num">#</th>{cols.map((i) => <th key={i}>{header[i] ?? ''}</th>)}</tr>
          </thead>
        )}
        <tbody>
          {rows.map((r) => (
            <tr key={r.rowNumber} className={r.rowNumber === highlight ? 'selected' : undefined} onClick={onPickRow ? () => onPickRow(r.rowNumber) : undefined}>
              <td className="num muted">{onPickRow ? <button type="button" className="link" onClick={() => onPickRow(r.rowNumber)}>{r.rowNumber}</button> : r.rowNumber}</td>
              {cols.map((i) => <td key={i} className="cell mono" title={r.cells[i] ?? ''}>{r.cells[i] ?? ''}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What each row becomes: a record (kind, ids, amounts, time) or the reason it is left out. */
export function NormalisedTable({ rows, timeZone }: { rows: PreviewRow[]; timeZone: string }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  return (
    <div className="scroll">
      <table className="grid normalised">
        <thead>
          <tr>
            <th className="num">#</th><th>{t('field.kind')}</th><th>{t('field.orderId')}</th><th>{t('field.channelTxnId')}</th><th>{t('field.refundId')}</th>
            <th className="num">{t('field.amount')}</th><th className="num">{t('field.fee')}</th><th>{t('field.time')}</th><th>{t('field.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const o = r.outcome;
            if (o.type !== 'record') {
              const text = o.type === 'error' ? o.message[lang] : o.reason;
              return (
                <tr key={r.rowNumber} className={o.type === 'filtered' ? 'muted' : 'errors'}>
                  <td className="num">{r.rowNumber}</td>
                  <td colSpan={8}>{o.type}: {text}</td>
                </tr>
              );
            }
            const rec = o.record;
            return (
              <tr key={r.rowNumber}>
                <td className="num muted">{r.rowNumber}</td>
                <td>{rec.kind === 'payment' ? t('imp.payments') : t('imp.refunds')}</td>
                <td className="mono">{rec.orderId ?? ''}</td>
                <td className="mono">{rec.channelTxnId ?? ''}</td>
                <td className="mono">{rec.refundId ?? ''}</td>
                <td className="num">{formatMoney(rec.amountMinor, rec.currency)}</td>
                <td className="num">{formatMoney(rec.feeMinor, rec.currency)}</td>
                <td className="num">{formatInstant(rec.occurredAt, timeZone)}</td>
                <td>{rec.status ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
