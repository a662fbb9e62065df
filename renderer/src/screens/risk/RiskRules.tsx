// 风控规则: each built-in rule switched on or off for every channel or for one channel, its thresholds
// in the units a person uses (money as 5,000.00, counts, minutes), and a back-test of the thresholds
// being edited over the last months before they are saved.
import { useCallback, useEffect, useState } from 'react';
import type { BacktestResult, RiskRuleView } from '../../../../shared/contract/risk';
import { previousPeriod } from '../../../../shared/domain';
import type { RiskRule } from '../../../../shared/risk';
import { call } from '../../client';
import { useR, type RiskT } from '../../i18n-risk';
import { useApp } from '../../store';
import { money } from './figures';
import { draftOf, paramsOf, THRESHOLDS, type Draft } from './thresholds';

export function RiskRules() {
  const r = useR();
  const { channels, showError } = useApp();
  const [scope, setScope] = useState('');
  const [views, setViews] = useState<RiskRuleView[] | null>(null);
  const currency = channels.find((c) => c.id === scope)?.currency ?? channels[0]?.currency ?? 'CNY';

  const load = useCallback(() => {
    call('risk.rules', scope ? { channelId: scope } : {}).then(setViews).catch(showError);
  }, [scope, showError]);
  useEffect(() => {
    setViews(null);
    load();
  }, [load]);

  return (
    <div className="risk-rules" role="region" aria-label={r('rules.title')}>
      <p className="muted">{r('rules.intro')}</p>
      <label>{r('rules.scope')}
        <select name="rules-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value="">{r('risk.allChannels')}</option>
          {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </label>
      {views?.map((v) => <RuleRow key={`${scope}|${v.rule}`} view={v} scope={scope} currency={currency} onSaved={load} />)}
    </div>
  );
}

function RuleRow({ view, scope, currency, onSaved }: { view: RiskRuleView; scope: string; currency: string; onSaved(): void }) {
  const r = useR();
  const { period, showError, clearError } = useApp();
  const [draft, setDraft] = useState<Draft>(() => draftOf(view, currency));
  const [saved, setSaved] = useState(false);
  const [months, setMonths] = useState('3');
  const [backtest, setBacktest] = useState<{ result: BacktestResult; months: number } | 'running' | null>(null);
  const read = paramsOf(draft, currency);
  const inherited = scope !== '' && view.channelId === null;

  const edit = (next: Draft) => {
    setDraft(next);
    setSaved(false);
    setBacktest(null);
  };

  async function save() {
    if (!('params' in read)) return;
    try {
      await call('risk.rule.set', { rule: view.rule, channelId: scope || null, enabled: draft.enabled, params: read.params });
      clearError();
      setSaved(true);
      onSaved();
    } catch (e) {
      showError(e);
    }
  }

  async function runBacktest() {
    if (!('params' in read)) return;
    const n = Math.min(24, Math.max(1, Number(months) || 1));
    let from = period;
    for (let i = 1; i < n; i++) from = previousPeriod(from);
    setBacktest('running');
    try {
      setBacktest({ result: await call('risk.backtest', { rule: view.rule, params: read.params, from, to: period, ...(scope ? { channelId: scope } : {}) }), months: n });
      clearError();
    } catch (e) {
      setBacktest(null);
      showError(e);
    }
  }

  const fields = THRESHOLDS.filter((p) => view.params[p.name] !== undefined);
  return (
    <fieldset className="rule" data-rule={view.rule} aria-label={r.rule(view.rule)}>
      <legend>
        <label className="check">
          <input type="checkbox" name={`rule-on-${view.rule}`} checked={draft.enabled} onChange={(e) => edit({ ...draft, enabled: e.target.checked })} />
          <strong>{r.rule(view.rule)}</strong>
        </label>
        <span className="muted scope-note">{inherited ? r('rules.inherited') : scope ? r('rules.own') : view.builtin ? r('rules.builtin') : ''}</span>
      </legend>
      <div className="row wrap">
        {fields.length === 0 && <span className="muted">{r('rules.noParams')}</span>}
        {fields.map((p) => (
          <label key={p.name}>{r(p.label)}{p.unit === 'money' && ` (${currency})`}
            <input name={`rule-${view.rule}-${p.name}`} className={p.unit === 'money' ? 'num money' : 'num count'} value={draft.text[p.name] ?? ''}
              aria-invalid={'bad' in read && read.bad === p.name} onChange={(e) => edit({ ...draft, text: { ...draft.text, [p.name]: e.target.value } })} />
          </label>
        ))}
        <button type="button" disabled={'bad' in read} onClick={() => void save()}>{r('rules.save')}</button>
        {saved && <span className="ok" role="status">{r('rules.saved')}</span>}
        <span className="spacer" />
        <label>{r('rules.months')}<input name={`rule-${view.rule}-months`} className="num count" value={months} inputMode="numeric" onChange={(e) => setMonths(e.target.value)} /></label>
        <button type="button" disabled={'bad' in read || backtest === 'running'} onClick={() => void runBacktest()}>{backtest === 'running' ? r('rules.backtesting') : r('rules.backtest')}</button>
      </div>
      {'bad' in read && <p className="warn">{read.unit === 'money' ? r('rules.badMoney') : r('rules.badNumber')}</p>}
      {backtest && backtest !== 'running' && <BacktestTable result={backtest.result} months={backtest.months} r={r} />}
    </fieldset>
  );
}

function BacktestTable({ result, months, r }: { result: BacktestResult; months: number; r: RiskT }) {
  const channels = useApp((s) => s.channels);
  const hits = result.periods.reduce((n, p) => n + p.hits, 0);
  const currencyOf = (id: string) => channels.find((c) => c.id === id)?.currency ?? 'CNY';
  return (
    <div className="backtest" data-testid={`backtest-${result.rule satisfies RiskRule}`}>
      <p role="status"><strong>{r('rules.btResult', { n: months, hits })}</strong></p>
      {result.periods.length > 0 && (
        <table className="grid">
          <thead><tr><th>{r('rules.period')}</th><th>{r('risk.channel')}</th><th className="num">{r('rules.screenedRows')}</th><th className="num">{r('rules.hitCount')}</th><th className="num">{r('rules.hitAmount')}</th></tr></thead>
          <tbody>
            {result.periods.map((p) => (
              <tr key={`${p.period}|${p.channelId}`}>
                <td>{p.period}</td>
                <td>{channels.find((c) => c.id === p.channelId)?.name ?? p.channelId}</td>
                <td className="num">{p.screened.toLocaleString('en-US')}</td>
                <td className="num">{p.hits}</td>
                <td className="num">{money(p.amountMinor, currencyOf(p.channelId))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
