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

/** Lines over periods, values in 0..1 (match rates). The axis starts a little below the lowest value. */
export function TrendChart({ periods, series, title }: { periods: string[]; series: TrendSeries[]; title: string }) {
  const width = 360;
  const height = 150;
  const left = 40;
  const top = 22;
  const bottom = 18;
  const values = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const lo = values.length === 0 ? 0 : Math.max(0, Math.floor(Math.min(...values) * 10 - 0.5) / 10);
  const x = (i: number) => left + (periods.length <= 1 ? 0 : (i / (periods.length - 1)) * (width - left - 34));
  const y = (v: number) => top + (1 - (v - lo) / (1 - lo || 1)) * (height - top - bottom);
  const shown = series.filter((s) => s.values.some((v) => v !== null));
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <title>{title}</title>
      {[lo, (lo + 1) / 2, 1].map((v) => (
        <g key={v}>
          <line x1={left} x2={width - 8} y1={y(v)} y2={y(v)} className="gridline" />
          <text x={left - 4} y={y(v) + 3} textAnchor="end" className="chart-label">{(v * 100).toFixed(v === 1 || v === 0 ? 0 : 1)}%</text>
        </g>
      ))}
      {periods.map((p, i) => (
        <text key={p} x={x(i)} y={height - 4} textAnchor="middle" className="chart-label">{p}</text>
      ))}
      {shown.map((s, si) => {
        const points = s.values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`)).filter((p): p is string => p !== null);
        return (
          <g key={s.name} className={`series s${si % 6}`}>
            <polyline points={points.join(' ')} fill="none" />
            {s.values.map((v, i) => v !== null && <circle key={i} cx={x(i)} cy={y(v)} r={2.5}><title>{`${s.name} ${periods[i]}: ${(v * 100).toFixed(1)}%`}</title></circle>)}
          </g>
        );
      })}
      {shown.map((s, si) => (
        <text key={s.name} x={left + si * 90} y={10} className={`legend s${si % 6}`}>■ {s.name}</text>
      ))}
    </svg>
  );
}
