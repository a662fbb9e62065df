import { useState } from 'react';
import type { ChannelSettings } from '../../../shared/domain';
import { currencyExponent, minorToDecimal, parseMoney } from '../../../shared/money';
import { call } from '../client';
import { useT } from '../i18n';
import { useApp } from '../store';

interface Draft {
  id: string;
  name: string;
  aliases: string;
  timeZone: string;
  currency: string;
  tolerance: string;
  capMinor: string;
  capBps: string;
  cutoffMinutes: string;
  manualDownload: boolean;
  settlementCycle: string;
}

function toDraft(c: ChannelSettings | null): Draft {
  const exp = currencyExponent(c?.currency ?? 'CNY');
  return {
    id: c?.id ?? '',
    name: c?.name ?? '',
    aliases: c?.aliases.join(', ') ?? '',
    timeZone: c?.timeZone ?? 'Asia/Shanghai',
    currency: c?.currency ?? 'CNY',
    tolerance: minorToDecimal(c?.toleranceMinor ?? 100, exp),
    capMinor: c?.periodCapMinor == null ? '' : minorToDecimal(c.periodCapMinor, exp),
    capBps: c?.periodCapBps == null ? '' : String(c.periodCapBps),
    cutoffMinutes: String(Math.round((c?.cutoffSeconds ?? 600) / 60)),
    manualDownload: c?.manualDownload ?? false,
    settlementCycle: c?.settlementCycle ?? '',
  };
}

/** Add or edit one channel. Amounts are typed in the currency's major unit and stored in minor units. */
export function ChannelForm({ channel, onDone }: { channel: ChannelSettings | null; onDone: () => void }) {
  const t = useT();
  const { refreshChannels, showError, clearError } = useApp();
  const [d, setD] = useState<Draft>(() => toDraft(channel));
  const [problem, setProblem] = useState<string | null>(null);
  const field = (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement>) => setD({ ...d, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const exponent = currencyExponent(d.currency);
    const tolerance = parseMoney(d.tolerance, { exponent });
    const cap = d.capMinor.trim() === '' ? null : parseMoney(d.capMinor, { exponent });
    if (!tolerance.ok || (cap && !cap.ok) || tolerance.minor < 0) return setProblem(t('set.badAmount'));
    setProblem(null);
    try {
      await call('channel.save', {
        id: d.id.trim(),
        name: d.name.trim(),
        aliases: d.aliases.split(/[,，]/).map((a) => a.trim()).filter(Boolean),
        timeZone: d.timeZone.trim(),
        currency: d.currency.trim().toUpperCase(),
        toleranceMinor: tolerance.minor,
        periodCapMinor: cap && cap.ok ? cap.minor : null,
        periodCapBps: d.capBps.trim() === '' ? null : Number.parseInt(d.capBps, 10),
        cutoffSeconds: Number.parseInt(d.cutoffMinutes || '0', 10) * 60,
        manualDownload: d.manualDownload,
        settlementCycle: d.settlementCycle.trim(),
      });
      clearError();
      await refreshChannels();
      onDone();
    } catch (err) {
      showError(err);
    }
  }

  return (
    <form className="form-grid" onSubmit={(e) => void save(e)} aria-label={t('set.addChannel')}>
      <label>{t('set.id')}<input name="id" value={d.id} onChange={field('id')} required pattern="[a-z0-9_\-]{1,40}" disabled={channel !== null} placeholder="alipay" /></label>
      <label>{t('set.name')}<input name="name" value={d.name} onChange={field('name')} required placeholder="支付宝" /></label>
      <label className="wide">{t('set.aliases')}<input name="aliases" value={d.aliases} onChange={field('aliases')} placeholder="支付宝, alipay" /></label>
      <label>{t('set.timeZone')}<input name="timeZone" value={d.timeZone} onChange={field('timeZone')} required /></label>
      <label>{t('set.currency')}<input name="currency" value={d.currency} onChange={field('currency')} required pattern="[A-Za-z]{3}" /></label>
      <label>{t('set.cutoff')}<input name="cutoff" value={d.cutoffMinutes} onChange={field('cutoffMinutes')} inputMode="numeric" pattern="\d{1,4}" /></label>
      <label>{t('set.tolerance')}<input name="tolerance" className="num" value={d.tolerance} onChange={field('tolerance')} inputMode="decimal" /></label>
      <label>{t('set.capMinor')}<input name="capMinor" className="num" value={d.capMinor} onChange={field('capMinor')} inputMode="decimal" /></label>
      <label>{t('set.capBps')}<input name="capBps" className="num" value={d.capBps} onChange={field('capBps')} inputMode="numeric" pattern="\d{0,5}" /></label>
      <label>{t('set.cycle')}<input name="cycle" value={d.settlementCycle} onChange={field('settlementCycle')} placeholder="T+1" /></label>
      <label className="check"><input type="checkbox" name="manual" checked={d.manualDownload} onChange={field('manualDownload')} />{t('set.manual')}</label>
      {problem && <p className="problem" role="alert">{problem}</p>}
      <div className="actions wide">
        <button type="submit" className="primary">{t('common.save')}</button>
        <button type="button" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
