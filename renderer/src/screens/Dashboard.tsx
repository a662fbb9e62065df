import { useCallback, useEffect, useState } from 'react';
import type { ProgressEvent } from '../../../shared/contract';
import type { SourceFileInfo } from '../../../shared/contract/import';
import { nextPeriod, PERIOD_PATTERN, previousPeriod, type ChannelSettings } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';
import type { ChannelPeriodReport, PeriodReport } from '../../../shared/report';
import { call } from '../client';
import { BarChart, TrendChart } from '../components/Charts';
import { ProgressBar } from '../components/ProgressBar';
import { useT, type MessageKey } from '../i18n';
import { useApp } from '../store';
import { RiskCard } from './risk/RiskCard';

const TREND_PERIODS = 6;
const DIFFERENCE_CATEGORIES = ['amount_mismatch', 'channel_only', 'internal_only', 'carried_forward', 'refund_mismatch', 'duplicate'] as const;

/** Share of the channel's payment rows that matched an in-house order; null before any run. */
export function matchRate(r: ChannelPeriodReport | undefined): number | null {
  if (!r || r.matched_at === null || r.payment_rows === 0) return null;
  return Math.min(1, r.counts.matched / r.payment_rows);
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

interface FileStatus {
  imported: number;
  rows: number;
}

function fileStatus(files: SourceFileInfo[], channelId: string, period: string): FileStatus {
  const mine = files.filter((f) => f.side === 'channel' && f.channelId === channelId && f.summary.periods.includes(period));
  return { imported: mine.length, rows: mine.reduce((n, f) => n + f.accepted, 0) };
}

export function Dashboard() {
  const t = useT();
  const { period, setPeriod, channels, showError, clearError, received } = useApp();
  const [report, setReport] = useState<PeriodReport | null>(null);
  const [trend, setTrend] = useState<PeriodReport[]>([]);
  const [files, setFiles] = useState<SourceFileInfo[]>([]);
  const [running, setRunning] = useState<ProgressEvent | null | 'idle'>('idle');
  const [runStarted, setRunStarted] = useState(0);
  /** The period whose figures are on screen; null while loading, so nothing stale or empty is shown as fact. */
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [periodText, setPeriodText] = useState(period);

  const load = useCallback(async () => {
    setLoadedFor(null);
    try {
      const periods: string[] = [];
      for (let p = period, i = 0; i < TREND_PERIODS; i++, p = previousPeriod(p)) periods.unshift(p);
      const [current, fileList, ...history] = await Promise.all([
        call('report.get', { period }),
        call('files.list', { limit: 1000 }),
        ...periods.slice(0, -1).map((p) => call('report.get', { period: p })),
      ]);
      setReport(current);
      setFiles(fileList);
      setTrend([...history, current]);
      setLoadedFor(period);
    } catch (e) {
      showError(e);
    }
  }, [period, showError]);

  useEffect(() => {
    void load();
    setPeriodText(period);
  }, [load, period]);

  async function run() {
    setRunning(null);
    setRunStarted(Date.now());
    try {
      await call('match.run', { period }, { onProgress: (e) => setRunning(e) });
      clearError();
      await load();
    } catch (e) {
      showError(e);
    } finally {
      setRunning('idle');
    }
  }

  const byChannel = new Map((report?.channels ?? []).map((r) => [r.channel, r]));
  const missing = channels.filter((c) => c.manualDownload && fileStatus(files, c.id, period).imported === 0);
  const named = (id: string) => channels.find((c) => c.id === id)?.name ?? id;

  return (
    <div className="screen dashboard">
      <section className="panel">
        <div className="panel-head">
          <h1>{t('nav.dashboard')}</h1>
          <span className="spacer" />
          <button type="button" onClick={() => setPeriod(previousPeriod(period))} aria-label={t('dash.prev')}>‹</button>
          <label className="inline">
            <span className="sr-only">{t('dash.period')}</span>
            <input
              name="period"
              className="period"
              value={periodText}
              size={8}
              aria-label={t('dash.period')}
              onChange={(e) => {
                setPeriodText(e.target.value);
                if (PERIOD_PATTERN.test(e.target.value)) setPeriod(e.target.value);
              }}
            />
          </label>
          <button type="button" onClick={() => setPeriod(nextPeriod(period))} aria-label={t('dash.next')}>›</button>
          <button type="button" className="primary" disabled={running !== 'idle' || channels.length === 0} onClick={() => void run()}>
            {running === 'idle' ? t('dash.run') : t('dash.running')}
          </button>
        </div>
        {running !== 'idle' && <ProgressBar event={running} since={runStarted} />}
        {channels.length === 0 && <p className="muted">{t('dash.noChannels')}</p>}
        {missing.length > 0 && (
          <p className="callout" role="status" data-testid="missing-bills">
            {t('dash.missing')}：<strong>{missing.map((c) => c.name).join('、')}</strong>
          </p>
        )}
        {channels.length > 0 && loadedFor !== period && <p className="muted" role="status">{t('common.loading')}</p>}
        {channels.length > 0 && loadedFor === period && (
          <table className="grid dash-table" aria-label={t('nav.dashboard')} data-period={loadedFor}>
            <thead>
              <tr>
                <th>{t('dash.channel')}</th>
                <th>{t('dash.files')}</th>
                <th className="num">{t('dash.rows')}</th>
                <th className="num">{t('dash.matchRate')}</th>
                <th>{t('dash.open')}</th>
                <th className="num">{t('dash.agreed')}</th>
                <th className="num">{t('dash.disputed')}</th>
                <th>{t('dash.closed')}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <ChannelRow key={c.id} channel={c} report={byChannel.get(c.id)} files={fileStatus(files, c.id, period)} received={received.filter((r) => r.channelId === c.id).length} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      {loadedFor === period && report && report.channels.length > 0 && (
        <div className="cards">
          <section className="panel">
            <h2>{t('dash.chart')}</h2>
            <h3>{t('dash.chartRate')}</h3>
            <BarChart title={t('dash.matchRate')} max={1} bars={report.channels.map((r) => ({ label: named(r.channel), value: matchRate(r) ?? 0, text: percent(matchRate(r)) }))} />
            <h3>{t('dash.chartDisputed')}</h3>
            <BarChart title={t('dash.disputed')} tone="red" bars={report.channels.map((r) => ({ label: named(r.channel), value: r.disputed, text: formatMoney(r.disputed, r.currency) }))} />
          </section>
          <section className="panel">
            <h2>{t('dash.trend')}</h2>
            <TrendChart
              title={t('dash.trend')}
              periods={trend.map((r) => r.period)}
              series={channels.map((c) => ({ name: c.name, values: trend.map((r) => matchRate(r.channels.find((x) => x.channel === c.id))) }))}
            />
          </section>
        </div>
      )}
      {loadedFor === period && <RiskCard />}
    </div>
  );
}

function ChannelRow({ channel, report, files, received }: { channel: ChannelSettings; report: ChannelPeriodReport | undefined; files: FileStatus; received: number }) {
  const t = useT();
  const rows = report ? report.payment_rows + report.refund_rows : files.rows;
  const rate = matchRate(report);
  return (
    <tr data-channel={channel.id}>
      <td>
        <strong>{channel.name}</strong> <span className="muted mono">{channel.id}</span>
        {channel.manualDownload && <span className="pill warn">{t('set.manual')}</span>}
      </td>
      <td className="files-cell">
        <span className="muted">{t('dash.expected')}</span> 1 · <span className="muted">{t('dash.received')}</span> {received + files.imported} · <span className="muted">{t('dash.imported')}</span>{' '}
        <span className={files.imported > 0 ? 'pill good' : 'pill bad'}>{files.imported}</span>
      </td>
      <td className="num" data-field="rows">{rows.toLocaleString('en-US')}</td>
      <td className="num" data-field="match-rate">{report?.matched_at ? percent(rate) : <span className="muted">{t('dash.notRun')}</span>}</td>
      <td>
        {report && report.matched_at !== null ? (
          <span className="cats">
            <span className={report.open_differences > 0 ? 'pill bad' : 'pill good'} data-field="open">{report.open_differences}</span>
            {DIFFERENCE_CATEGORIES.filter((k) => report.counts[k] > 0).map((k) => (
              <span key={k} className="pill" data-category={k}>{t(`cat.${k}` as MessageKey)} {report.counts[k]}</span>
            ))}
            {report.counts.waived > 0 && <span className="pill" data-category="waived">{t('cat.waived')} {report.counts.waived}</span>}
          </span>
        ) : '—'}
      </td>
      <td className="num" data-field="agreed">{report ? formatMoney(report.agreed, report.currency) : '—'}</td>
      {/* Before the first match nothing is disputed yet: the net is simply not reconciled. */}
      <td className={report && report.disputed < 0 ? 'num neg' : 'num'} data-field="disputed">{!report ? '—' : report.matched_at ? formatMoney(report.disputed, report.currency) : <span className="pill warn">{t('dash.notReconciled')}</span>}</td>
      <td>{report?.closed ? <span className="pill good">{t('common.yes')}</span> : <span className="muted">{t('common.no')}</span>}</td>
    </tr>
  );
}
