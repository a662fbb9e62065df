import { useEffect, useRef, useState } from 'react';
import type { ProgressEvent } from '../../../shared/contract';
import type { ImportPreview, ImportSummary } from '../../../shared/contract/import';
import type { ErrorPayload } from '../../../shared/errors';
import type { ProfileSummary } from '../../../shared/profile';
import { call, EngineError, frontDoor } from '../client';
import type { ChosenFile } from '../client/types';
import { ProgressBar } from '../components/ProgressBar';
import { errorMessage, useT, type MessageKey } from '../i18n';
import { toErrorPayload, useApp } from '../store';
import { MappingWizard } from './MappingWizard';
import { NormalisedTable, RawTable } from './PreviewTables';

const SKIP_KEYS = new Set(['preamble', 'header', 'blank', 'comment', 'summary', 'footer']);

type Status = 'detecting' | 'ready' | 'unknown' | 'importing' | 'done' | 'failed';

interface FileItem extends ChosenFile {
  status: Status;
  preview: ImportPreview | null;
  /** '' = detected automatically. */
  profileId: string;
  side: 'channel' | 'internal';
  /** '' = the profile's own channel. */
  channelId: string;
  error: ErrorPayload | null;
  summary: ImportSummary | null;
  progress: ProgressEvent | null;
  requestId: string | null;
  startedAt: number | null;
}

function choice(item: FileItem) {
  return {
    fileRef: item.ref,
    ...(item.profileId ? { profileId: item.profileId } : {}),
    ...(item.side === 'channel' && item.channelId ? { channelId: item.channelId } : {}),
    ...(item.side === 'internal' ? { internal: true } : {}),
  };
}

export function ImportScreen() {
  const t = useT();
  const { channels, lang, setReceived, showError } = useApp();
  const [items, setItems] = useState<FileItem[]>([]);
  const [profiles, setProfiles] = useState<ProfileSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [wizardFor, setWizardFor] = useState<FileItem | null>(null);
  const [uploading, setUploading] = useState<{ sent: number; total: number } | null>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const door = frontDoor();

  const screen = useApp((s) => s.screen);
  // Profiles may have been added in Settings meanwhile: reload when the screen is shown.
  useEffect(() => {
    if (screen === 'import') call('profile.list', {}).then(setProfiles).catch(showError);
  }, [screen, showError]);

  // The dashboard counts files chosen but not imported yet as "received".
  useEffect(() => {
    setReceived(items.filter((i) => i.status !== 'done').map((i) => ({ ref: i.ref, name: i.name, channelId: i.preview?.channelId ?? (i.channelId || null) })));
  }, [items, setReceived]);

  const update = (ref: string, patch: Partial<FileItem>) => setItems((list) => list.map((i) => (i.ref === ref ? { ...i, ...patch } : i)));

  async function sniff(item: FileItem) {
    update(item.ref, { status: 'detecting', error: null });
    try {
      const preview = await call('import.preview', choice(item));
      update(item.ref, { status: 'ready', preview, profileId: preview.profileId, side: preview.side, channelId: preview.channelId ?? '' });
    } catch (e) {
      const error = toErrorPayload(e);
      const key = error.type === 'user' ? error.key : '';
      update(item.ref, { status: key === 'import.unknown_layout' ? 'unknown' : key === 'import.no_channel' ? 'ready' : 'failed', error, preview: null });
    }
  }

  async function add(chosen: ChosenFile[]) {
    const fresh: FileItem[] = chosen.map((c) => ({ ...c, status: 'detecting', preview: null, profileId: '', side: 'channel', channelId: '', error: null, summary: null, progress: null, requestId: null, startedAt: null }));
    setItems((list) => [...list, ...fresh]);
    if (fresh[0]) setSelected(fresh[0].ref);
    for (const f of fresh) await sniff(f);
  }

  async function addFiles(files: File[]) {
    if (files.length === 0) return;
    setUploading({ sent: 0, total: files.reduce((n, f) => n + f.size, 0) });
    const r = await door.addFiles(files, (sent, total) => setUploading({ sent, total }));
    setUploading(null);
    if (!r.ok) return showError(new EngineError(r.error));
    await add(r.value);
  }

  // Files dropped elsewhere on the window were parked in the store and brought us to this screen;
  // the count is the trigger (addFiles is a fresh closure each render).
  const dropped = useApp((s) => s.droppedFiles.length);
  useEffect(() => {
    if (dropped > 0) void addFiles(useApp.getState().takeDroppedFiles());
  }, [dropped]);

  async function choose() {
    if (door.chooseFiles) await add(await door.chooseFiles());
    else input.current?.click();
  }

  async function importAll() {
    setBusy(true);
    for (const item of items.filter((i) => i.status === 'ready' && !i.error)) {
      const requestId = crypto.randomUUID();
      update(item.ref, { status: 'importing', progress: null, requestId, error: null, startedAt: Date.now() });
      try {
        const summary = await call('import.file', choice(item), { requestId, onProgress: (progress) => update(item.ref, { progress }) });
        update(item.ref, { status: 'done', summary, requestId: null });
      } catch (e) {
        update(item.ref, { status: 'failed', error: toErrorPayload(e), requestId: null });
      }
    }
    setBusy(false);
  }

  const current = items.find((i) => i.ref === selected) ?? null;
  const importing = items.find((i) => i.status === 'importing') ?? null;
  const channelName = (id: string | null) => channels.find((c) => c.id === id)?.name ?? id ?? '';

  if (wizardFor) {
    return (
      <MappingWizard
        file={wizardFor}
        onClose={() => setWizardFor(null)}
        onSaved={(profile) => {
          const item = wizardFor;
          setWizardFor(null);
          call('profile.list', {}).then(setProfiles).catch(showError);
          // The saved profile's signature now matches this layout: detect again, automatically.
          void sniff({ ...item, profileId: '', side: profile.side === 'bank' ? item.side : profile.side, channelId: profile.channelId ?? '' });
        }}
      />
    );
  }

  return (
    <div className="screen import">
      <section className="panel">
        <h1>{t('nav.import')}</h1>
        <div
          className={over ? 'dropzone over' : 'dropzone'}
          data-testid="dropzone"
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            void addFiles(Array.from(e.dataTransfer.files));
          }}
        >
          {t('imp.drop')}{' '}
          <button type="button" className="primary" onClick={() => void choose()}>{t('imp.choose')}</button>
          <input
            ref={input}
            type="file"
            multiple
            data-testid="file-input"
            accept=".csv,.txt,.tsv,.xlsx,.xls,.zip"
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = '';
              void addFiles(files);
            }}
          />
          {uploading && <ProgressBar event={{ command: 'upload', phase: 'upload', done: Math.round(uploading.sent / 1024), total: Math.round(uploading.total / 1024), rate: null, etaSeconds: null, message: t('imp.uploading') }} />}
        </div>
        {items.length === 0 ? (
          <p className="muted">{t('imp.empty')}</p>
        ) : (
          <>
            <table className="grid file-list" aria-label={t('imp.file')}>
              <thead>
                <tr>
                  <th>{t('imp.file')}</th>
                  <th>{t('imp.side')}</th>
                  <th>{t('imp.profile')}</th>
                  <th>{t('imp.channel')}</th>
                  <th>{t('imp.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.ref} className={item.ref === selected ? 'selected' : undefined} data-file={item.name}>
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(item.ref)} aria-pressed={item.ref === selected}>{item.name}</button>
                      <div className="muted">{(item.size / 1024).toFixed(1)} KB</div>
                    </td>
                    <td>
                      <select aria-label={t('imp.side')} value={item.side} disabled={item.status === 'importing' || item.status === 'done'} onChange={(e) => {
                        const next = { ...item, side: e.target.value === 'internal' ? ('internal' as const) : ('channel' as const), profileId: '' };
                        update(item.ref, next);
                        void sniff(next);
                      }}>
                        <option value="channel">{t('imp.side.channel')}</option>
                        <option value="internal">{t('imp.side.internal')}</option>
                      </select>
                    </td>
                    <td>
                      <select aria-label={t('imp.profile')} value={item.profileId} disabled={item.status === 'importing' || item.status === 'done'} onChange={(e) => {
                        const next = { ...item, profileId: e.target.value };
                        update(item.ref, next);
                        void sniff(next);
                      }}>
                        <option value="">—</option>
                        {profiles.filter((p) => p.side === item.side).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                      </select>
                    </td>
                    <td>
                      {item.side === 'channel' ? (
                        <select aria-label={t('imp.channel')} value={item.channelId} disabled={item.status === 'importing' || item.status === 'done'} onChange={(e) => {
                          const next = { ...item, channelId: e.target.value };
                          update(item.ref, next);
                          void sniff(next);
                        }}>
                          <option value="">—</option>
                          {channels.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
                        </select>
                      ) : <span className="muted">{t('imp.side.internal')}</span>}
                    </td>
                    <td><StatusCell item={item} /></td>
                    <td>
                      {item.status === 'unknown' && <button type="button" onClick={() => setWizardFor(item)}>{t('imp.map')}</button>}
                      {(item.status === 'ready' || item.status === 'unknown' || item.status === 'failed') && (
                        <button type="button" className="link" onClick={() => setItems((l) => l.filter((i) => i.ref !== item.ref))}>{t('imp.remove')}</button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="row actions-row">
              <button type="button" className="primary" disabled={busy || !items.some((i) => i.status === 'ready' && !i.error)} onClick={() => void importAll()}>{t('imp.importAll')}</button>
              {importing && (
                <div className="current-import">
                  <span>{t('imp.current')}: <strong>{importing.name}</strong></span>
                  <ProgressBar event={importing.progress} since={importing.startedAt ?? undefined} onCancel={importing.requestId ? () => void door.cancel(importing.requestId!) : undefined} />
                </div>
              )}
            </div>
          </>
        )}
      </section>
      {items.some((i) => i.summary || (i.error && i.status !== 'unknown')) && (
        <section className="panel" aria-label={t('imp.summary')}>
          <h2>{t('imp.summary')}</h2>
          {items.map((i) => (i.summary ? <SummaryBox key={i.ref} summary={i.summary} channelName={channelName} /> : i.error && i.status !== 'unknown' ? <ErrorBox key={i.ref} name={i.name} error={i.error} /> : null))}
        </section>
      )}
      {current && (current.preview || current.error) && (
        <section className="panel" aria-label={t('imp.preview')}>
          <h2>{t('imp.preview')}: {current.name}</h2>
          {current.preview ? (
            <>
              <p className="muted">
                {current.preview.profileName} · {current.preview.container}{current.preview.encoding ? ` · ${current.preview.encoding}` : ''} · {current.preview.table}
                {current.preview.alreadyImportedAt && <span className="warn"> · {lang === 'zh' ? `该文件已于 ${current.preview.alreadyImportedAt} 导入过` : `already imported on ${current.preview.alreadyImportedAt}`}</span>}
              </p>
              <h3>{t('imp.raw')}</h3>
              <RawTable header={current.preview.header} rows={current.preview.rows.slice(0, 20).map((r) => ({ rowNumber: r.rowNumber, cells: r.raw }))} />
              <h3>{t('imp.normalised')}</h3>
              <NormalisedTable rows={current.preview.rows.slice(0, 20)} timeZone={channels.find((c) => c.id === current.preview?.channelId)?.timeZone ?? 'Asia/Shanghai'} />
            </>
          ) : current.error ? (
            <>
              <p className="problem">{errorMessage(lang, current.error)}</p>
              {current.status === 'unknown' && <p>{t('imp.noProfile')} <button type="button" onClick={() => setWizardFor(current)}>{t('imp.map')}</button></p>}
            </>
          ) : null}
        </section>
      )}
    </div>
  );
}

function StatusCell({ item }: { item: FileItem }) {
  const t = useT();
  switch (item.status) {
    case 'detecting':
      return <span className="muted">{t('imp.detecting')}</span>;
    case 'ready':
      return item.error ? <span className="pill warn">{errorMessage(useApp.getState().lang, item.error)}</span> : <span className="pill">{t('imp.ready')}</span>;
    case 'unknown':
      return <span className="pill warn">{t('imp.unknown')}</span>;
    case 'importing':
      return <span className="pill warn">{t('imp.importing')}</span>;
    case 'done':
      return <span className="pill good">{t('imp.done')} · {item.summary?.accepted.toLocaleString('en-US')} {t('imp.rows')}</span>;
    case 'failed':
      return <span className="pill bad">{t('imp.failed')}</span>;
  }
}

function SummaryBox({ summary: s, channelName }: { summary: ImportSummary; channelName: (id: string | null) => string }) {
  const t = useT();
  const lang = useApp((st) => st.lang);
  const reason = (k: string) => (SKIP_KEYS.has(k) ? t(`skip.${k}` as MessageKey) : k);
  const skipped = Object.entries(s.skippedByReason).map(([k, n]) => `${reason(k)} ${n}`).join(', ');
  return (
    <div className="summary" data-testid="import-summary" data-file={s.fileName}>
      <strong>{s.fileName}</strong> → {s.side === 'internal' ? t('imp.side.internal') : channelName(s.channelId)} ({s.profileName}) · {s.periods.join(', ')}
      <div className="num-line">
        <span>{t('imp.accepted')} <b data-field="accepted">{s.accepted}</b></span> · <span>{t('imp.payments')} <b data-field="payments">{s.payments}</b></span> · <span>{t('imp.refunds')} <b data-field="refunds">{s.refunds}</b></span> ·{' '}
        <span>{t('imp.skipped')} <b>{s.skipped}</b>{skipped ? ` (${skipped})` : ''}</span> · <span>{t('imp.duplicates')} <b data-field="already-present">{s.alreadyPresent}</b></span>
        {s.filtered > 0 && <> · <span>{t('imp.filtered')} <b data-field="filtered">{s.filtered}</b> ({Object.entries(s.filteredByReason).map(([k, n]) => `${k} ${n}`).join(', ')})</span></>}
        {s.rejected > 0 && <> · <span className="neg">{t('imp.rejected')} <b data-field="rejected">{s.rejected}</b></span></>}
      </div>
      {s.warnings.length > 0 && (
        <ul aria-label={t('imp.warnings')}>
          {s.warnings.map((w, i) => <li key={i} className="warn">{w[lang]}</li>)}
        </ul>
      )}
    </div>
  );
}

function ErrorBox({ name, error }: { name: string; error: ErrorPayload }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const d = error.type === 'user' ? error.details ?? {} : {};
  const has = (k: string) => d[k] !== undefined && d[k] !== null;
  // details.reason is the English reason; the Chinese sentence above already carries it in Chinese.
  const showReason = lang === 'en' && has('reason');
  return (
    <div className="summary callout bad" role="alert" data-testid="import-error" data-file={name}>
      <strong>{name}</strong>: {errorMessage(lang, error)}
      {(has('row') || has('column') || has('value')) && (
        <table className="grid errors">
          <thead>
            <tr><th>{t('imp.row')}</th><th>{t('imp.column')}</th><th>{t('imp.value')}</th>{showReason && <th>{t('imp.reason')}</th>}</tr>
          </thead>
          <tbody>
            <tr>
              <td className="num" data-field="row">{String(d.row ?? '')}</td>
              <td data-field="column">{String(d.column ?? '')}</td>
              <td className="mono" data-field="value">{String(d.value ?? '')}</td>
              {showReason && <td data-field="reason">{String(d.reason)}</td>}
            </tr>
          </tbody>
        </table>
      )}
    </div>
  );
}
