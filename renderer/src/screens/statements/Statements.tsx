import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { CATEGORIES } from '../../../../shared/domain';
import type { DisputeAnswers, StatementReadiness } from '../../../../shared/contract/statement';
import { formatMoney } from '../../../../shared/money';
import type { ChannelPeriodReport } from '../../../../shared/report';
import { call, EngineError, frontDoor, type CallOptions } from '../../client';
import type { OutputFile } from '../../client/types';
import { translate, type MessageKey } from '../../i18n';
import { useW } from '../../i18n-workbench';
import { useApp } from '../../store';
import { PeriodPicker } from '../reconcile/PeriodPicker';
import { ExportCheck, ExportDialog } from './ExportCheck';
import { RiskSummary } from '../risk/RiskSummary';
import '../reconcile/workbench.css';

/** Hands every file a command wrote to the front door: a download in the browser, a save dialog on the desktop. */
function saving(onSaved: (files: OutputFile[]) => void): CallOptions {
  return {
    onOutputs: (files) => {
      void Promise.all(files.map((f) => frontDoor().saveOutput(f))).then(() => onSaved(files));
    },
  };
}

/**
 * 对账确认单: the statement of one channel and period on screen, from the same report the exports print, with
 * the exports (xlsx, CSV, printable HTML → PDF) and the dispute workbook round trip.
 */
export function Statements() {
  const w = useW();
  const { channels, period, lang, showError, clearError } = useApp();
  const [channelId, setChannelId] = useState(() => channels[0]?.id ?? '');
  const channel = channels.find((c) => c.id === channelId) ?? channels[0];
  const [report, setReport] = useState<ChannelPeriodReport | null | 'none'>(null);
  const [readiness, setReadiness] = useState<StatementReadiness | null>(null);
  const [confirming, setConfirming] = useState<'xlsx' | 'pdf' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [exported, setExported] = useState<string[]>([]);
  const [answers, setAnswers] = useState<{ ref: string; name: string; data: DisputeAnswers; picked: Set<number> } | null>(null);
  const [applied, setApplied] = useState<string | null>(null);
  const printRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!channel) return;
    let live = true;
    call('report.get', { period, channelId: channel.id })
      .then((r) => live && setReport(r.channels.find((c) => c.channel === channel.id) ?? 'none'))
      .catch(showError);
    call('statement.readiness', { period, channelId: channel.id })
      .then((r) => live && setReadiness(r))
      .catch(showError);
    return () => {
      live = false;
    };
  }, [channel, period, version, showError]);

  if (!channel) return <section className="panel"><p className="muted">{w('rec.noChannels')}</p></section>;
  const target = { channelId: channel.id, period, lang };

  async function run(label: string, job: () => Promise<unknown>) {
    setBusy(label);
    try {
      await job();
      clearError();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  }

  /**
   * PDF: the engine's printable statement, printed by the browser (or Chromium in the desktop app). It
   * goes into a print-only element outside the app; its own <style> is dropped before parsing (the CSP
   * refuses inline styles) and workbench.css styles it for print instead.
   */
  async function printStatement() {
    const { html } = await call('statement.html', target);
    const el = printRef.current;
    if (!el) return;
    const doc = new DOMParser().parseFromString(html.replace(/<style[\s\S]*?<\/style>/gi, ''), 'text/html');
    doc.querySelectorAll('script, meta, link').forEach((n) => n.remove());
    el.replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
    document.body.classList.add('printing-statement');
    const door = frontDoor();
    if (door.printToPdf) {
      // Desktop: Chromium prints the same print layout straight to a PDF file.
      try {
        await door.printToPdf(`${target.channelId}-${target.period}-对账确认单.pdf`);
      } finally {
        document.body.classList.remove('printing-statement');
      }
      return;
    }
    window.addEventListener('afterprint', () => document.body.classList.remove('printing-statement'), { once: true });
    window.print();
  }

  const onSaved = (files: OutputFile[]) => setExported((prev) => [...prev, ...files.map((f) => f.name)]);

  async function readAnswers(files: File[]) {
    const door = frontDoor();
    const up = await door.addFiles(files);
    if (!up.ok) throw new EngineError(up.error);
    const chosen = up.value[0];
    if (chosen) await proposeAnswers(chosen.ref, chosen.name);
  }

  /** Reads the returned workbook (nothing is written yet) and ticks every answer that can be applied. */
  async function proposeAnswers(ref: string, name: string) {
    const data = await call('disputes.readAnswers', { file: ref });
    setAnswers({ ref, name, data, picked: new Set(data.proposals.filter((p) => p.proposed !== null).map((p) => p.differenceId)) });
  }

  async function chooseAnswers() {
    const door = frontDoor();
    if (door.kind === 'desktop' && door.chooseFiles) {
      const chosen = (await door.chooseFiles())[0];
      if (chosen) await proposeAnswers(chosen.ref, chosen.name);
    } else {
      fileInput.current?.click();
    }
  }

  const r = report !== null && report !== 'none' ? report : null;
  const money = (m: number) => formatMoney(m, r?.currency ?? channel.currency);

  return (
    <div className="screen statements">
      <section className="panel">
        <div className="panel-head">
          <h1>{translate(lang, 'nav.statements')}</h1>
          <select name="channel" aria-label={w('rec.channel')} value={channel.id} onChange={(e) => setChannelId(e.target.value)}>
            {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
          <PeriodPicker />
          <span className="spacer" />
          <button type="button" data-action="export-xlsx" disabled={busy !== null || !r || !readiness?.ready} onClick={() => setConfirming('xlsx')}>{w('st.xlsx')}</button>
          <button type="button" data-action="export-csv" disabled={busy !== null || !r} onClick={() => void run('csv', () => call('differences.exportCsv', target, saving(onSaved)))}>{w('st.csv')}</button>
          <button type="button" data-action="print" disabled={busy !== null || !r || !readiness?.ready} onClick={() => setConfirming('pdf')}>{w('st.pdf')}</button>
        </div>
        {readiness && <ExportCheck readiness={readiness} />}
        {confirming && readiness && (
          <ExportDialog readiness={readiness} channelName={channel.name} onCancel={() => setConfirming(null)} onConfirm={() => {
            const what = confirming;
            setConfirming(null);
            void run(what, () => (what === 'xlsx' ? call('statement.export', target, saving(onSaved)) : printStatement()));
          }} />
        )}
        {exported.length > 0 && <p className="ok" role="status" data-testid="exported">{w('st.exported')}：{exported.join('、')}</p>}
        {report === 'none' && <p className="muted">{w('st.noReport')}</p>}
        {r && (
          <div className="statement-sheet" data-testid="statement">
            <h2>{w('st.figures')} · {channel.name} · {period} {r.closed && <span className="pill good">{translate(lang, 'dash.closed')}</span>}</h2>
            <table className="grid figures">
              <tbody>
                <Figure label={w('st.rows')} field="rows" value={`${count(r.payment_rows)} / ${count(r.refund_rows)}`} />
                <Figure label={w('st.gross')} field="gross" value={money(r.gross)} />
                <Figure label={w('st.refunds')} field="refunds" value={money(r.refunds)} />
                <Figure label={w('st.fees')} field="fees" value={money(r.fees)} />
                <Figure label={w('rec.net')} field="net" value={money(r.net)} strong />
                <Figure label={w('rec.agreed')} field="agreed" value={money(r.agreed)} strong />
                <Figure label={w('rec.disputed')} field="disputed" value={money(r.disputed)} strong />
                <Figure label={w('rec.claims')} field="claims" value={money(r.claims)} />
                <Figure label={w('rec.waived')} field="waived" value={`${money(r.waived_total)} (${r.waived_count})`} />
                <Figure label={w('st.check')} field="check" value={`${money(r.agreed + r.disputed)} ${r.agreed + r.disputed === r.net ? '✓' : '✗'}`} />
              </tbody>
            </table>
            <table className="grid figures counts">
              <tbody>
                {CATEGORIES.map((c) => <Figure key={c} label={translate(lang, `cat.${c}` as MessageKey)} field={c} value={count(r.counts[c])} />)}
                <Figure label={translate(lang, 'cat.waived')} field="waived-count" value={count(r.counts.waived)} />
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel">
        <div className="panel-head">
          <h2>{w('st.disputes')}</h2>
          <span className="spacer" />
          <button type="button" data-action="export-disputes" disabled={busy !== null || !r} onClick={() => void run('disputes', () => call('disputes.export', target, saving(onSaved)))}>{w('st.disputesExport')}</button>
          <button type="button" data-action="import-answers" disabled={busy !== null} onClick={() => void run('answers', chooseAnswers)}>{w('st.disputesImport')}</button>
          <input ref={fileInput} type="file" name="answers" accept=".xlsx" className="hidden-input" onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) void run('answers', () => readAnswers(files));
          }} />
        </div>
        {applied && <p className="ok" role="status" data-testid="applied">{applied}</p>}
        {answers && (
          <div data-testid="answers">
            <h3>{w('st.disputesConfirm')} · {answers.name} {answers.data.unanswered > 0 && <span className="muted">（{w('st.unanswered')} {answers.data.unanswered}）</span>}</h3>
            <table className="grid">
              <thead>
                <tr><th /><th>#</th><th>{w('col.orderId')}</th><th>{w('col.category')}</th><th>{w('st.proposed')}</th><th className="num">{w('st.corrected')}</th><th>{w('st.channelNote')}</th></tr>
              </thead>
              <tbody>
                {answers.data.proposals.map((p) => (
                  <tr key={`${p.differenceId}-${p.rowNumber}`} data-diff-id={p.differenceId}>
                    <td>
                      <input type="checkbox" aria-label={`#${p.differenceId}`} disabled={p.proposed === null} checked={answers.picked.has(p.differenceId)}
                        onChange={() => setAnswers((a) => {
                          if (!a) return a;
                          const picked = new Set(a.picked);
                          if (picked.has(p.differenceId)) picked.delete(p.differenceId);
                          else picked.add(p.differenceId);
                          return { ...a, picked };
                        })} />
                    </td>
                    <td className="mono">{p.differenceId}</td>
                    <td className="mono">{p.orderId ?? '—'}</td>
                    <td>{translate(lang, `cat.${p.category}` as MessageKey)}</td>
                    <td>{p.proposed ? w(`act.${p.proposed.as}`) : <span className="problem">{p.problem?.[lang]}</span>}</td>
                    <td className="num">{p.correctedAmountMinor !== null ? money(p.correctedAmountMinor) : ''}</td>
                    <td>{p.channelNote}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="row">
              <button type="button" className="primary" data-action="apply-answers" disabled={busy !== null || answers.picked.size === 0}
                onClick={() => void run('apply', async () => {
                  const res = await call('disputes.apply', { file: answers.ref, confirm: [...answers.picked] });
                  setApplied(`${w('act.done')} ${res.applied.length}${res.skipped.length > 0 ? ` · ${res.skipped.map((s) => `#${s.differenceId} ${s.reason[lang]}`).join('；')}` : ''}`);
                  setAnswers(null);
                  setVersion((v) => v + 1);
                })}>
                {w('st.apply')} ({answers.picked.size})
              </button>
              <button type="button" onClick={() => setAnswers(null)}>{translate(lang, 'common.cancel')}</button>
            </div>
          </div>
        )}
      </section>
      <RiskSummary />
      {createPortal(<div ref={printRef} className="print-sheet" data-testid="print-sheet" />, document.body)}
    </div>
  );
}

/** Counts with thousands separators, as a person reads them. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

function Figure({ label, value, field, strong }: { label: string; value: string; field: string; strong?: boolean }) {
  return (
    <tr data-field={field} className={strong ? 'strong' : undefined}>
      <th scope="row">{label}</th>
      <td className="num">{value}</td>
    </tr>
  );
}
