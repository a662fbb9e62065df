import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/engine/dispatch';
import type { EngineContext } from '../../../electron/engine/handlers/types';
import { tempWorkspace } from '../../helpers/workspace';
import { Ledger } from './ledger';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function context(): EngineContext {
  const t = tempWorkspace();
  cleanup = t.cleanup;
  const l = new Ledger(t.ws.db).channel('alipay');
  l.both('alipay', { order: 'A1', at: '2026-09-02 10:00:00', amount: 10000, fee: 60 });
  l.pay('alipay', { order: 'C1', at: '2026-09-03 10:00:00', amount: 300, fee: 2 });
  l.pay('alipay', { order: 'C2', at: '2026-09-04 10:00:00', amount: 900, fee: 5 });
  return {
    workspace: t.ws,
    resolveFile: (ref) => ({ path: ref, name: ref }),
    outputPath: (name) => name,
    progress: () => undefined,
    signal: new AbortController().signal,
  };
}

describe('matching through the contract (what the desktop and browser front doors call)', () => {
  it('runs, counts, lists a window, resolves in bulk and suggests', async () => {
    const ctx = context();
    expect(await dispatch(ctx, 'match.run', { period: '2026-09' })).toMatchObject({ ok: true, value: { channels: [{ channel: 'alipay', matchedPayments: 1 }] } });
    expect(await dispatch(ctx, 'diffs.count', { channelId: 'alipay', period: '2026-09', category: 'channel_only' })).toEqual({ ok: true, value: { count: 2, amountMinor: 1200, channelNetMinor: 298 + 895 } });
    const page = await dispatch(ctx, 'diffs.list', { channelId: 'alipay', period: '2026-09', sort: 'difference', direction: 'desc', limit: 1, offset: 0 });
    expect(page.ok && (page.value as { orderId: string }[]).map((d) => d.orderId)).toEqual(['C2']);
    const older = await dispatch(ctx, 'diffs.count', { channelId: 'alipay', period: '2026-09', occurredTo: Date.UTC(2026, 8, 3, 12) });
    expect(older).toMatchObject({ ok: true, value: { count: 1, amountMinor: 300 } });
    const bulk = await dispatch(ctx, 'diff.bulkResolve', { channelId: 'alipay', period: '2026-09', maxAmount: 500, as: 'writeoff', note: 'small' });
    expect(bulk).toMatchObject({ ok: true, value: { count: 1, amountMinor: 300 } });
    expect(await dispatch(ctx, 'report.get', { period: '2026-09' })).toMatchObject({ ok: true, value: { channels: [{ agreed: 9940 + 298, disputed: 895 }] } });
    expect(await dispatch(ctx, 'suggestions.list', { channelId: 'alipay', period: '2026-09' })).toEqual({ ok: true, value: [] });
  });

  it('rejects bad input and a closed period with user errors', async () => {
    const ctx = context();
    const bad = await dispatch(ctx, 'diff.resolve', { id: 1, as: 'forgive', note: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { type: 'user', key: 'contract.bad_input' } });
    await dispatch(ctx, 'match.run', { period: '2026-09' });
    expect(await dispatch(ctx, 'period.close', { channelId: 'alipay', period: '2026-09', note: 'September agreed', withOpen: true })).toMatchObject({ ok: true, value: { closed: true } });
    expect(await dispatch(ctx, 'match.run', { period: '2026-09', channelId: 'alipay' })).toMatchObject({ ok: false, error: { key: 'period.closed' } });
    expect(await dispatch(ctx, 'period.reopen', { channelId: 'alipay', period: '2026-09', note: 'fix' })).toMatchObject({ ok: true, value: { closed: false } });
  });
});
