import { useEffect, useState } from 'react';
import type { CompanyInfo, Counterparty } from '../../../shared/parties';
import { call } from '../client';
import { useW } from '../i18n-workbench';
import { useApp } from '../store';

/** 单位信息: our company and each channel's counterparty, as every statement prints them. */
export function PartiesPanel() {
  const w = useW();
  const { channels, showError, clearError } = useApp();
  const [company, setCompany] = useState<CompanyInfo | null>(null);
  const [parties, setParties] = useState<Counterparty[]>([]);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    call('parties.get', {}).then((p) => {
      setCompany(p.company);
      setParties(p.counterparties);
    }).catch(showError);
  }, [channels, showError]);

  if (!company) return null;
  const edit = (channelId: string, patch: Partial<Counterparty>) => setParties((all) => all.map((p) => (p.channelId === channelId ? { ...p, ...patch } : p)));

  return (
    <section className="panel" data-testid="parties">
      <h2>{w('pt.title')}</h2>
      <form className="company-form" onSubmit={(e) => {
        e.preventDefault();
        call('company.set', company).then((c) => { setCompany(c); setSaved('company'); clearError(); }).catch(showError);
      }}>
        <label>{w('pt.companyName')}<input name="company-name" value={company.name} maxLength={120} onChange={(e) => setCompany({ ...company, name: e.target.value })} /></label>
        <label>{w('pt.taxId')}<input name="company-tax-id" value={company.taxId} maxLength={40} onChange={(e) => setCompany({ ...company, taxId: e.target.value })} /></label>
        <label>{w('pt.bankAccount')}<input name="company-bank-account" value={company.bankAccount} maxLength={200} onChange={(e) => setCompany({ ...company, bankAccount: e.target.value })} /></label>
        <button type="submit">{w('pt.save')}</button>
        {saved === 'company' && <span className="ok" role="status">{w('pt.saved')}</span>}
      </form>
      <table className="grid">
        <thead><tr><th>{w('rec.channel')}</th><th>{w('pt.counterparty')}</th><th>{w('pt.contact')}</th><th>{w('pt.prefix')}</th><th /></tr></thead>
        <tbody>
          {parties.map((p) => (
            <tr key={p.channelId} data-channel={p.channelId}>
              <td>{channels.find((c) => c.id === p.channelId)?.name ?? p.channelId}</td>
              <td><input name="counterparty-name" value={p.name} maxLength={120} onChange={(e) => edit(p.channelId, { name: e.target.value })} /></td>
              <td><input name="counterparty-contact" value={p.contact} maxLength={200} onChange={(e) => edit(p.channelId, { contact: e.target.value })} /></td>
              <td><input name="statement-prefix" value={p.statementPrefix} maxLength={12} pattern="[A-Za-z0-9]*" onChange={(e) => edit(p.channelId, { statementPrefix: e.target.value })} /></td>
              <td>
                <button type="button" onClick={() => call('counterparty.set', p).then((saved) => { edit(p.channelId, saved); setSaved(p.channelId); clearError(); }).catch(showError)}>{w('pt.save')}</button>
                {saved === p.channelId && <span className="ok" role="status">{w('pt.saved')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
