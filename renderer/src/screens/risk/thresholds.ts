// A rule's thresholds as a person writes them: money in the channel's currency (5,000.00), whole
// counts and minutes; read back into the engine's integer parameters, or the first field that does not read.
import type { RiskRuleView } from '../../../../shared/contract/risk';
import { currencyExponent, formatMoney, parseMoney } from '../../../../shared/money';
import type { RiskRuleParams } from '../../../../shared/risk';
import type { RiskKey } from '../../i18n-risk';

export type ParamName = keyof RiskRuleParams;
/** How each threshold is written: money in the channel's currency, or a whole number. */
export const THRESHOLDS: { name: ParamName; label: RiskKey; unit: 'money' | 'count' }[] = [
  { name: 'maxPerDay', label: 'rules.maxPerDay', unit: 'count' },
  { name: 'limitMinor', label: 'rules.limit', unit: 'money' },
  { name: 'burstCount', label: 'rules.burstCount', unit: 'count' },
  { name: 'smallMinor', label: 'rules.small', unit: 'money' },
  { name: 'windowMinutes', label: 'rules.window', unit: 'count' },
];

export type Draft = { enabled: boolean; text: Partial<Record<ParamName, string>> };

export function draftOf(view: RiskRuleView, currency: string): Draft {
  const text: Partial<Record<ParamName, string>> = {};
  for (const p of THRESHOLDS) {
    const v = view.params[p.name];
    if (v !== undefined) text[p.name] = p.unit === 'money' ? formatMoney(v, currency) : String(v);
  }
  return { enabled: view.enabled, text };
}

/** The draft's thresholds as the engine takes them, or the first field that does not read. */
export function paramsOf(draft: Draft, currency: string): { params: RiskRuleParams } | { bad: ParamName; unit: 'money' | 'count' } {
  const params: RiskRuleParams = {};
  for (const p of THRESHOLDS) {
    const text = draft.text[p.name]?.trim();
    if (text === undefined) continue;
    if (p.unit === 'money') {
      const m = parseMoney(text, { exponent: currencyExponent(currency) });
      if (!m.ok || m.minor < 0) return { bad: p.name, unit: p.unit };
      params[p.name] = m.minor;
    } else {
      if (!/^\d{1,5}$/.test(text) || Number(text) < 1) return { bad: p.name, unit: p.unit };
      params[p.name] = Number(text);
    }
  }
  return { params };
}
