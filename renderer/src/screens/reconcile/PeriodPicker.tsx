import { useEffect, useState } from 'react';
import { nextPeriod, PERIOD_PATTERN, previousPeriod } from '../../../../shared/domain';
import { useT } from '../../i18n';
import { useApp } from '../../store';

/** ‹ 2026-09 › — the app-wide period, shared with the dashboard. */
export function PeriodPicker() {
  const t = useT();
  const { period, setPeriod } = useApp();
  const [text, setText] = useState(period);
  useEffect(() => setText(period), [period]);
  return (
    <span className="period-picker">
      <button type="button" onClick={() => setPeriod(previousPeriod(period))} aria-label={t('dash.prev')}>‹</button>
      <input name="period" className="period" value={text} size={8} aria-label={t('dash.period')}
        onChange={(e) => {
          setText(e.target.value);
          if (PERIOD_PATTERN.test(e.target.value)) setPeriod(e.target.value);
        }} />
      <button type="button" onClick={() => setPeriod(nextPeriod(period))} aria-label={t('dash.next')}>›</button>
    </span>
  );
}
