import { describe, expect, it } from 'vitest';
import { capPercentText, capUse, overCap } from '../../renderer/src/screens/reconcile/figures';

describe('waiver cap use beyond 100%', () => {
  it('reads 295.47 / 10.00 as 2,954.7%, past the cap, rounded down from integers', () => {
    const use = capUse({ periodCapMinor: 1_000, periodCapBps: null }, { gross: 1_000_000, waived_total: 29_547 });
    expect(capPercentText(use)).toBe('2,954.7%');
    expect(overCap(use)).toBe(true);
    const under = capUse({ periodCapMinor: 1_000, periodCapBps: null }, { gross: 1_000_000, waived_total: 999 });
    expect(capPercentText(under)).toBe('99.9%');
    expect(overCap(under)).toBe(false);
    expect(capPercentText(capUse({ periodCapMinor: null, periodCapBps: null }, { gross: 1, waived_total: 1 }))).toBeNull();
    expect(capPercentText(capUse({ periodCapMinor: 0, periodCapBps: null }, { gross: 1, waived_total: 1 }))).toBe('∞');
  });
});
