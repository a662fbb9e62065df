// 黑名单: every entry with who added it, when, why and from where; one added by hand, or a CSV/xlsx
// list imported (uploaded through the front door like a bill on the import screen).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BlacklistEntryView } from '../../../../shared/contract/risk';
import { RISK_IDENTIFIERS, type RiskIdentifier } from '../../../../shared/risk';
import { formatInstant } from '../../../../shared/time';
import { call, EngineError, frontDoor } from '../../client';
import { useR, type RiskT } from '../../i18n-risk';
import { useApp } from '../../store';

/** Where an entry came from, in words: by hand, a confirmed hit, or the file's name. */
function sourceText(source: string, r: RiskT): string {
  if (source === 'manual') return r('bl.manual');
  const hit = /^hit #(\d+)$/.exec(source);
  return hit ? r('bl.fromHit', { id: hit[1]! }) : source;
}

export function Blacklist() {
  const r = useR();
  const { showError, clearError } = useApp();
  // Entries belong to no channel: when one was added is told in this computer's own zone.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [entries, setEntries] = useState<BlacklistEntryView[] | null>(null);
  const [form, setForm] = useState<{ type: RiskIdentifier; value: string; reason: string }>({ type: 'card', value: '', reason: '' });
  const [status, setStatus] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    call('risk.blacklist', {}).then(setEntries).catch(showError);
  }, [showError]);
  useEffect(load, [load]);

  async function importFile(files: File[]) {
    const door = frontDoor();
    const chosen = door.chooseFiles ? await door.chooseFiles() : await door.addFiles(files).then((res) => {
      if (!res.ok) throw new EngineError(res.error);
      return res.value;
    });
    for (const f of chosen) {
      const done = await call('risk.blacklist.import', { file: f.ref });
      setStatus(r('bl.imported', { added: done.added, already: done.alreadyListed }));
    }
    clearError();
    load();
  }

  return (
    <div className="blacklist" role="region" aria-label={r('bl.title')}>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          call('risk.blacklist.add', form).then((added) => {
            clearError();
            setForm({ ...form, value: '', reason: '' });
            setStatus(`${r('bl.add')}：${added.value}`);
            load();
          }).catch(showError);
        }}
      >
        <label>{r('bl.type')}
          <select name="bl-type" value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value as RiskIdentifier })}>
            {RISK_IDENTIFIERS.map((t) => <option key={t} value={t}>{r.identifier(t)}</option>)}
          </select>
        </label>
        <label>{r('bl.value')}<input name="bl-value" value={form.value} size={24} maxLength={200} onChange={(e) => setForm({ ...form, value: e.target.value })} /></label>
        <label>{r('bl.reason')}<input name="bl-reason" value={form.reason} size={30} maxLength={500} onChange={(e) => setForm({ ...form, reason: e.target.value })} /></label>
        <button type="submit" disabled={form.value.trim() === '' || form.reason.trim() === ''}>{r('bl.add')}</button>
        <span className="spacer" />
        <button type="button" onClick={() => (frontDoor().chooseFiles ? void importFile([]).catch(showError) : fileInput.current?.click())}>{r('bl.import')}</button>
        <input ref={fileInput} type="file" hidden data-testid="blacklist-file" accept=".csv,.txt,.xlsx,.xls" onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) void importFile(files).catch(showError);
        }} />
      </form>
      <p className="muted">{r('bl.importHint')}</p>
      {status && <p className="ok" role="status">{status}</p>}
      {entries && entries.length === 0 && <p className="muted">{r('bl.empty')}</p>}
      {entries && entries.length > 0 && (
        <table className="grid" aria-label={r('bl.title')}>
          <thead><tr><th>{r('bl.type')}</th><th>{r('bl.value')}</th><th>{r('bl.reason')}</th><th>{r('bl.who')}</th><th>{r('bl.when')}</th><th>{r('bl.source')}</th></tr></thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-type={e.type}>
                <td>{r.identifier(e.type)}</td>
                <td className="mono">{e.value}</td>
                <td>{e.reason}</td>
                <td>{e.addedBy}</td>
                <td className="mono">{formatInstant(Date.parse(e.addedAt), zone)}</td>
                <td>{sourceText(e.source, r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries && entries.length > 0 && <p className="muted zone">{r('risk.zone', { zone })}</p>}
    </div>
  );
}
