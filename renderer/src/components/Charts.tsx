// Small SVG charts: no chart library, no inline styles (the CSP forbids them), sized by viewBox.

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar. */
  text: string;
}

/** Horizontal bars, each scaled to `max` (default: the largest absolute value). */
export function BarChart({ bars, max, title, tone = 'blue' }: { bars: Bar[]; max?: number; title: string; tone?: 'blue' | 'red' }) {
  const rowH = 22;
  const labelW = 90;
  const width = 360;
  const top = Math.max(max ?? 0, ...bars.map((b) => Math.abs(b.value)), 1);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${bars.length * rowH + 4}`} role="img" aria-label={title}>
      <title>{title}</title>
      {bars.map((b, i) => {
        const w = Math.max(1, (Math.abs(b.value) / top) * (width - labelW - 100));
        return (
          <g key={b.label} transform={`translate(0 ${i * rowH + 2})`}>
            <text x={labelW - 6} y={14} textAnchor="end" className="chart-label">{b.label}</text>
            <rect x={labelW} y={3} width={w} height={14} className={`bar ${tone}`} />
            <text x={labelW + w + 6} y={14} className="chart-value">{b.text}</text>
          </g>
        );
      })}
    </svg>
  );
}

export interface TrendSeries {
  name: string;
  /** One value per period, null where the period has no data. */
  values: (number | null)[];
}

/** Lines over periods, values in 0..1 (match rates). */
export function TrendChart({ periods, series, title }: { periods: string[]; series: TrendSeries[]; title: string }) {
  const width = 360;
  const height = 140;
  const left = 36;
  const bottom = 20;
  const x = (i: number) => left + (periods.length <= 1 ? 0 : (i / (periods.length - 1)) * (width - left - 10));
  const y = (v: number) => 6 + (1 - v) * (height - bottom - 12);
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <line x1={left} x2={width - 6} y1={y(v)} y2={y(v)} className="gridline" />
          <text x={left - 4} y={y(v) + 4} textAnchor="end" className="chart-label">{Math.round(v * 100)}%</text>
        </g>
      ))}
      {periods.map((p, i) => (
        <text key={p} x={x(i)} y={height - 4} textAnchor="middle" className="chart-label">{p.slice(2)}</text>
      ))}
      {series.map((s, si) => {
        const points = s.values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`)).filter((p): p is string => p !== null);
        return (
          <g key={s.name} className={`series s${si % 6}`}>
            <polyline points={points.join(' ')} fill="none" />
            {s.values.map((v, i) => v !== null && <circle key={i} cx={x(i)} cy={y(v)} r={2.5}><title>{`${s.name} ${periods[i]}: ${(v * 100).toFixed(1)}%`}</title></circle>)}
          </g>
        );
      })}
      {series.map((s, si) => (
        <text key={s.name} x={left + 4 + si * 80} y={height - bottom + 2} className={`legend s${si % 6}`}>■ {s.name}</text>
      ))}
    </svg>
  );
}
