import { useEffect, useMemo, useState } from 'react';
import type { DraftPreview, RawGrid } from '../../../shared/contract/wizard';
import type { Profile, ProfileInput } from '../../../shared/profile';
import { call } from '../client';
import type { ChosenFile } from '../client/types';
import { errorMessage, useT, type MessageKey } from '../i18n';
import { toErrorPayload, useApp } from '../store';
import { NormalisedTable, RawTable } from './PreviewTables';
import { MAPPABLE_FIELDS, suggestMapping, type MappableField } from './synonyms';

type KindRule = 'payment' | 'bySign' | 'column';

interface Draft {
  table: string;
  headerRow: number | null;
  side: 'channel' | 'internal';
  channelId: string;
  columns: Partial<Record<MappableField, string>>;
  suggested: Partial<Record<MappableField, string>>;
  unit: 'yuan' | 'fen';
  kindRule: KindRule;
  refundValues: string;
  timeZone: string;
  orderExtract: string;
  keepStatuses: string;
  id: string;
  name: string;
}

const split = (s: string) => s.split(/[,，]/).map((x) => x.trim()).filter(Boolean);

/** A profile id from the file name: lower-case ASCII, digits and - only. */
function idFromName(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `custom-${base || 'bill'}`;
}

/** Builds the profile the draft describes (shared/profile.ts schema). */
export function draftToProfile(d: Draft, container: string): ProfileInput {
  const c = d.columns;
  const text = (f: MappableField) => (c[f] ? { from: c[f] } : undefined);
  const mapped = MAPPABLE_FIELDS.map((f) => c[f]).filter((h): h is string => !!h);
  const fields: ProfileInput['fields'] = {
    kind: d.kindRule === 'payment' ? { value: 'payment' } : d.kindRule === 'bySign' ? { bySign: true } : { from: c.kind ?? '', map: Object.fromEntries(split(d.refundValues).map((v) => [v, 'refund' as const])), default: 'payment' },
    amount: { from: c.amount, unit: d.unit, rounding: 'half-up' },
    time: { from: c.time ?? '', ...(d.timeZone.trim() ? { timeZone: d.timeZone.trim() } : {}) },
  };
  if (c.orderId) fields.orderId = { from: c.orderId, ...(d.orderExtract.trim() ? { extract: d.orderExtract.trim() } : {}) };
  for (const f of ['channelTxnId', 'refundId', 'status', 'account', 'memo'] as const) {
    const v = text(f);
    if (v) fields[f] = v;
  }
  if (c.fee) fields.fee = { from: c.fee, unit: d.unit, emptyIsZero: true, rounding: 'half-up' };
  if (c.currency) fields.currency = { from: c.currency };
  if (d.side === 'internal' && c.channel) fields.channel = { from: c.channel, unknown: 'reject-row' };
  const keep = split(d.keepStatuses);
  return {
    id: d.id,
    name: d.name,
    side: d.side,
    ...(d.side === 'channel' && d.channelId ? { channelId: d.channelId } : {}),
    detect: { headers: [...new Set(mapped)] },
    read: container === 'xlsx' || container === 'xls' ? { sheet: d.table } : {},
    fields,
    filters: keep.length > 0 && c.status ? [{ column: c.status, keep }] : [],
    ...(d.side === 'internal' ? { naturalKey: ['orderId'] } : {}),
  };
}

export function MappingWizard({ file, onClose, onSaved }: { file: ChosenFile; onClose: () => void; onSaved: (profile: Profile) => void }) {
  const t = useT();
  const { channels, lang, showError } = useApp();
  const [grid, setGrid] = useState<RawGrid | null>(null);
  const [draft, setDraft] = useState<Draft>({
    table: '', headerRow: null, side: 'channel', channelId: '', columns: {}, suggested: {}, unit: 'yuan', kindRule: 'column',
    refundValues: '退款, REFUND, refund', timeZone: '', orderExtract: '', keepStatuses: '', id: idFromName(file.name), name: file.name.replace(/\.[^.]+$/, ''),
  });
  const [preview, setPreview] = useState<DraftPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const loadGrid = (table?: string) =>
    call('wizard.grid', { fileRef: file.ref, rows: 60, ...(table ? { table } : {}) })
      .then((g) => {
        setGrid(g);
        setDraft((d) => ({ ...d, table: g.table, headerRow: g.suggestedHeaderRow }));
      })
      .catch(showError);

  useEffect(() => {
    // Once per file; choosing another sheet calls loadGrid itself.
    void loadGrid();
  }, [file.ref]);

  const header = useMemo(() => {
    const row = grid?.rows.find((r) => r.rowNumber === draft.headerRow);
    return (row?.cells ?? []).map((c) => (c ?? '').trim()).filter((c) => c !== '');
  }, [grid, draft.headerRow]);

  // A new header row: suggest columns from header synonyms (the user's own choices are replaced).
  useEffect(() => {
    const suggested = suggestMapping(header);
    setDraft((d) => ({ ...d, columns: suggested, suggested, kindRule: suggested.kind ? 'column' : 'bySign' }));
  }, [header]);

  const profile = useMemo(() => (grid ? draftToProfile(draft, grid.container) : null), [draft, grid]);

  // Live preview of the normalised rows, a moment after the last change.
  useEffect(() => {
    if (!profile || !profile.fields.amount.from || !profile.fields.time.from) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      call('wizard.preview', { fileRef: file.ref, definition: profile, ...(draft.side === 'channel' && draft.channelId ? { channelId: draft.channelId } : {}) })
        .then((p) => {
          setPreview(p);
          setProblem(p.problem ? p.problem[lang] : null);
        })
        .catch((e: unknown) => {
          setPreview(null);
          setProblem(errorMessage(lang, toErrorPayload(e)));
        });
    }, 250);
    return () => clearTimeout(timer);
  }, [profile, file.ref, draft.side, draft.channelId, lang]);

  async function save() {
    if (!profile) return;
    try {
      const saved = await call('profile.save', { definition: profile });
      onSaved(saved);
    } catch (e) {
      setProblem(errorMessage(lang, toErrorPayload(e)));
    }
  }

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setColumn = (f: MappableField, v: string) => setDraft((d) => ({ ...d, columns: { ...d.columns, [f]: v || undefined } }));
  const required: MappableField[] = ['amount', 'time', ...(draft.side === 'internal' ? (['orderId', 'channel'] as const) : []), ...(draft.kindRule === 'column' ? (['kind'] as const) : [])];
  const missing = required.filter((f) => !draft.columns[f]);
  const timeZone = draft.timeZone || channels.find((c) => c.id === draft.channelId)?.timeZone || 'Asia/Shanghai';

  return (
    <div className="screen wizard-screen">
      <section className="panel">
        <div className="panel-head">
          <h1>{t('wiz.title')}</h1>
          <span className="muted">{file.name}</span>
          <span className="spacer" />
          <button type="button" onClick={onClose}>{t('common.close')}</button>
        </div>
        {grid && (
          <div className="row">
            {grid.tables.length > 1 && (
              <label>{t('wiz.sheet')}
                <select value={draft.table} onChange={(e) => void loadGrid(e.target.value)} name="sheet">
                  {grid.tables.map((tb) => <option key={tb.name} value={tb.name}>{tb.name}</option>)}
                </select>
              </label>
            )}
            <label>{t('wiz.headerRow')}
              <select name="header-row" value={draft.headerRow ?? ''} onChange={(e) => set({ headerRow: Number(e.target.value) })}>
                {grid.rows.map((r) => <option key={r.rowNumber} value={r.rowNumber}>{r.rowNumber}: {r.cells.filter(Boolean).slice(0, 4).join(' | ').slice(0, 60)}</option>)}
              </select>
            </label>
            <span className="muted">{grid.container}{grid.encoding ? ` · ${grid.encoding}` : ''}</span>
          </div>
        )}
      </section>
      <div className="wizard">
        <section className="panel">
          <h2>{t('wiz.grid')}</h2>
          {grid && <RawTable rows={grid.rows.slice(0, 30)} highlight={draft.headerRow ?? undefined} onPickRow={(n) => set({ headerRow: n })} />}
          <h2 className="gap">{t('wiz.livePreview')}</h2>
          {problem && <p className="problem" role="alert" data-testid="wizard-problem">{problem}</p>}
          {preview && preview.rows.length > 0 && <NormalisedTable rows={preview.rows.slice(0, 30)} timeZone={timeZone} />}
        </section>
        <section className="panel">
          <div className="row">
            <label>{t('imp.side')}
              <select name="side" value={draft.side} onChange={(e) => set({ side: e.target.value === 'internal' ? 'internal' : 'channel' })}>
                <option value="channel">{t('imp.side.channel')}</option>
                <option value="internal">{t('imp.side.internal')}</option>
              </select>
            </label>
            {draft.side === 'channel' && (
              <label>{t('imp.channel')}
                <select name="channel" value={draft.channelId} onChange={(e) => set({ channelId: e.target.value })}>
                  <option value="">—</option>
                  {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                </select>
              </label>
            )}
          </div>
          <table className="grid mapping" aria-label={t('wiz.field')}>
            <thead>
              <tr><th>{t('wiz.field')}</th><th>{t('wiz.column')}</th></tr>
            </thead>
            <tbody>
              {MAPPABLE_FIELDS.filter((f) => (f !== 'channel' || draft.side === 'internal') && (f !== 'kind' || draft.kindRule === 'column')).map((f) => (
                <tr key={f}>
                  <td>
                    {t(`field.${f}` as MessageKey)}
                    {required.includes(f) && <span className="neg"> *</span>}
                  </td>
                  <td>
                    <select aria-label={t(`field.${f}` as MessageKey)} data-field={f} value={draft.columns[f] ?? ''} onChange={(e) => setColumn(f, e.target.value)}>
                      <option value="">—</option>
                      {header.map((h) => <option key={h} value={h}>{h}{draft.suggested[f] === h ? ` (${t('wiz.suggested')})` : ''}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('wiz.transforms')}</h3>
          <div className="form-grid two">
            <label>{t('wiz.unit')}
              <select name="unit" value={draft.unit} onChange={(e) => set({ unit: e.target.value === 'fen' ? 'fen' : 'yuan' })}>
                <option value="yuan">{t('wiz.unit.yuan')}</option>
                <option value="fen">{t('wiz.unit.fen')}</option>
              </select>
            </label>
            <label>{t('wiz.kindRule')}
              <select name="kind-rule" value={draft.kindRule} onChange={(e) => set({ kindRule: e.target.value as KindRule })}>
                <option value="payment">{t('wiz.kind.allPayment')}</option>
                <option value="bySign">{t('wiz.kind.bySign')}</option>
                <option value="column">{t('wiz.kind.byColumn')}</option>
              </select>
            </label>
            {draft.kindRule === 'column' && <label className="wide">{t('wiz.refundValues')}<input name="refund-values" value={draft.refundValues} onChange={(e) => set({ refundValues: e.target.value })} /></label>}
            <label>{t('wiz.timeZone')}<input name="time-zone" value={draft.timeZone} placeholder={timeZone} onChange={(e) => set({ timeZone: e.target.value })} /></label>
            <label>{t('wiz.extract')}<input name="order-extract" className="mono" value={draft.orderExtract} placeholder="Order ID: (\S+)" onChange={(e) => set({ orderExtract: e.target.value })} /></label>
            <label className="wide">{t('wiz.filter')}<input name="keep-statuses" value={draft.keepStatuses} onChange={(e) => set({ keepStatuses: e.target.value })} /></label>
            <label>{t('wiz.profileId')}<input name="profile-id" className="mono" value={draft.id} onChange={(e) => set({ id: e.target.value })} pattern="[a-z0-9][a-z0-9._\-]{0,63}" /></label>
            <label>{t('wiz.profileName')}<input name="profile-name" value={draft.name} onChange={(e) => set({ name: e.target.value })} /></label>
          </div>
          {missing.length > 0 && <p className="warn">{t('wiz.required')}: {missing.map((f) => t(`field.${f}` as MessageKey)).join('、')}</p>}
          <div className="row">
            <button type="button" className="primary" disabled={missing.length > 0 || !draft.name.trim() || (draft.side === 'channel' && !draft.channelId)} onClick={() => void save()}>
              {t('wiz.saveProfile')}
            </button>
          </div>
        </section>
      </div>
    </div>
  );
}
