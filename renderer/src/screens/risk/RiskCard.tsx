// The dashboard's risk figures: the period's hits per rule and channel, with how many still wait for
// review. Read through risk.hits like the review screen, so both always agree.
import { useR } from '../../i18n-risk';
import { useApp } from '../../store';
import { countBy, usePeriodHits } from './figures';
import './risk.css';

export function RiskCard() {
  const r = useR();
  const { period, channels, setScreen } = useApp();
  const hits = usePeriodHits(period);
  if (!hits) return null;
  const table = countBy(hits, (h) => h.channelId, channels.map((c) => c.id));
  const open = hits.filter((h) => h.status === 'open').length;
  return (
    <section className="panel risk-card" aria-label={r('card.title')}>
      <div className="panel-head">
        <h2>{r('card.title')}</h2>
        <span className={open > 0 ? 'pill bad' : 'pill good'} data-field="risk-open">{r('card.open')} {open}</span>
        <span className="spacer" />
        <button type="button" className="link" onClick={() => setScreen('risk')}>{r('risk.title')} ›</button>
      </div>
      {table.total === 0 ? <p className="muted">{r('card.none')}</p> : (
        <table className="grid" aria-label={r('card.title')}>
          <thead>
            <tr>
              <th>{r('risk.rule')}</th>
              {table.columns.map((c) => <th key={c} className="num">{channels.find((x) => x.id === c)?.name ?? c}</th>)}
              <th className="num">{r('card.total')}</th>
            </tr>
          </thead>
          <tbody>
            {table.rules.map((rule) => (
              <tr key={rule} data-rule={rule}>
                <td>{r.rule(rule)}</td>
                {table.columns.map((c) => <td key={c} className="num" data-channel={c}>{table.count(rule, c) || '—'}</td>)}
                <td className="num" data-field="total">{table.ruleTotal(rule)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
