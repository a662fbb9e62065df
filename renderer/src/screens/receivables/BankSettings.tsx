import { useEffect, useState } from 'react';
import { RULE_KINDS, type BankAccount, type ReceiptSettings, type RuleKind } from '../../../../shared/contract/receivables';
import { call } from '../../client';
import { useT } from '../../i18n';
import { useR, type ReceivablesKey } from '../../i18n-receivables';
import './receivables.css';
import { useApp } from '../../store';

/** Settings: our bank accounts (set up once) and how each channel pays (payers, date rule, grace). */
export function BankSettings() {
  return (
    <>
      <AccountsPanel />
      <ReceiptSettingsPanel />
    </>
  );
}

function AccountsPanel() {
  const r = useR();
  const { showError, clearError } = useApp();
  const [accounts, setAccounts] = useState<BankAccount[]>([]);
  const [draft, setDraft] = useState({ accountNo: '', bank: '', name: '', currency: 'CNY' });
  useEffect(() => {
    call('account.list', {}).then(setAccounts).catch(showError);
  }, [showError]);
  return (
    <section className="panel">
      <h2>{r('bk.accounts')}</h2>
      <table className="grid" aria-label={r('bk.accounts')}>
        <thead><tr><th>{r('bk.accountNo')}</th><th>{r('bk.bank')}</th><th>{r('bk.name')}</th><th>{r('bk.currency')}</th></tr></thead>
        <tbody>{accounts.map((a) => <tr key={a.id}><td className="mono">{a.accountNo}</td><td>{a.bank}</td><td>{a.name}</td><td>{a.currency}</td></tr>)}</tbody>
      </table>
      <form
        className="bank-form"
        onSubmit={(e) => {
          e.preventDefault();
          call('account.save', draft)
            .then(() => call('account.list', {}))
            .then((list) => {
              setAccounts(list);
              setDraft({ accountNo: '', bank: '', name: '', currency: 'CNY' });
              clearError();
            })
            .catch(showError);
        }}
      >
        <label>{r('bk.accountNo')}<input name="accountNo" value={draft.accountNo} onChange={(e) => setDraft({ ...draft, accountNo: e.target.value })} required maxLength={60} /></label>
        <label>{r('bk.bank')}<input name="bank" value={draft.bank} onChange={(e) => setDraft({ ...draft, bank: e.target.value })} required maxLength={80} /></label>
        <label>{r('bk.name')}<input name="accountName" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required maxLength={120} /></label>
        <label>{r('bk.currency')}<input name="accountCurrency" value={draft.currency} onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })} required pattern="[A-Za-z]{3}" size={4} /></label>
        <button type="submit">{r('bk.add')}</button>
      </form>
    </section>
  );
}

const list = (text: string) => text.split(/[,，、\n]/).map((s) => s.trim()).filter((s) => s !== '');

function ReceiptSettingsPanel() {
  const r = useR();
  const { channels, showError } = useApp();
  const [settings, setSettings] = useState<ReceiptSettings[]>([]);
  useEffect(() => {
    call('receipts.settings', {}).then(setSettings).catch(showError);
  }, [channels, showError]);
  return (
    <section className="panel receipt-settings">
      <h2>{r('bk.receipts')}</h2>
      {settings.map((s) => <ReceiptSettingsRow key={s.channelId} initial={s} name={channels.find((c) => c.id === s.channelId)?.name ?? s.channelId} />)}
    </section>
  );
}

function ReceiptSettingsRow({ initial, name }: { initial: ReceiptSettings; name: string }) {
  const r = useR();
  const t = useT();
  const { showError, clearError } = useApp();
  const [payers, setPayers] = useState(initial.payerNames.join(', '));
  const [accounts, setAccounts] = useState(initial.payerAccounts.join(', '));
  const [kind, setKind] = useState<RuleKind>(initial.rule.kind);
  const [n, setN] = useState(String(initial.rule.n));
  const [day, setDay] = useState(String(initial.rule.day));
  const [grace, setGrace] = useState(String(initial.graceDays));
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="bank-form"
      aria-label={`${r('bk.receipts')} ${initial.channelId}`}
      onSubmit={(e) => {
        e.preventDefault();
        call('receipts.saveSettings', {
          channelId: initial.channelId, payerNames: list(payers), payerAccounts: list(accounts),
          rule: { kind, n: Number(n), day: Number(day) }, graceDays: Number(grace),
        }).then(() => {
          clearError();
          setSaved(true);
        }).catch(showError);
      }}
    >
      <strong>{name}</strong>
      <label>{r('bk.payers')}<input name="payers" value={payers} onChange={(e) => { setPayers(e.target.value); setSaved(false); }} size={30} /></label>
      <label>{r('bk.payerAccounts')}<input name="payerAccounts" value={accounts} onChange={(e) => { setAccounts(e.target.value); setSaved(false); }} size={20} /></label>
      <label>{r('bk.rule')}
        <select name="rule" value={kind} onChange={(e) => { setKind(e.target.value as RuleKind); setSaved(false); }}>
          {RULE_KINDS.map((k) => <option key={k} value={k}>{r(`bk.rule.${k}` as ReceivablesKey)}</option>)}
        </select>
      </label>
      <label>{r('bk.n')}<input name="n" type="number" min={0} max={366} value={n} onChange={(e) => { setN(e.target.value); setSaved(false); }} style={{ width: '4em' }} /></label>
      {kind === 'months-later' && <label>{r('bk.day')}<input name="day" type="number" min={1} max={31} value={day} onChange={(e) => { setDay(e.target.value); setSaved(false); }} style={{ width: '4em' }} /></label>}
      <label>{r('bk.grace')}<input name="grace" type="number" min={0} max={365} value={grace} onChange={(e) => { setGrace(e.target.value); setSaved(false); }} style={{ width: '4em' }} /></label>
      <button type="submit">{t('common.save')}</button>
      {saved && <span className="ok" role="status">✓</span>}
    </form>
  );
}
