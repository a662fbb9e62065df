// The month's risk summary on the statements screen: hits by rule and review status, over every
// channel. Internal figures for the finance team; nothing here goes into a channel's statement file.
import { HIT_STATUSES, useR } from '../../i18n-risk';
import { useApp } from '../../store';
import { countBy, money, usePeriodHits } from './figures';
import './risk.css';

export function RiskSummary() {
  const r = useR();
  const period = useApp((s) => s.period);
  const hits = usePeriodHits(period);
  if (!hits) return null;
  const table = countBy(hits, (h) => h.status, HIT_STATUSES);
  const currencies = [...new Set(hits.map((h) => h.currency))];
  const amountOf = (rule: string) => currencies.map((c) => money(hits.filter((h) => h.rule === rule && h.currency === c).reduce((n, h) => n + h.amountMinor, 0), c)).join(' + ');
  return (
    <section className="panel risk-summary" aria-label={r('sum.title')}>
      <h2>{r('sum.title')} · {period}</h2>
      <p className="muted">{r('sum.intro')}</p>
      {table.total === 0 ? <p className="muted">{r('card.none')}</p> : (
        <table className="grid" aria-label={r('sum.title')}>
          <thead>
            <tr>
              <th>{r('risk.rule')}</th>
              {HIT_STATUSES.map((s) => <th key={s} className="num">{r.status(s)}</th>)}
              <th className="num">{r('card.total')}</th>
              <th className="num">{r('rules.hitAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rules.map((rule) => (
              <tr key={rule} data-rule={rule}>
                <td>{r.rule(rule)}</td>
                {HIT_STATUSES.map((s) => <td key={s} className="num" data-status={s}>{table.count(rule, s) || '—'}</td>)}
                <td className="num" data-field="total">{table.ruleTotal(rule)}</td>
                <td className="num">{amountOf(rule)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">{r('card.total')}</th>
              {HIT_STATUSES.map((s) => <td key={s} className="num">{table.columnTotal(s)}</td>)}
              <td className="num">{table.total}</td>
              <td />
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
