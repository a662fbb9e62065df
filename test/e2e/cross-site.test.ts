// Browser mode trusts no other page (issue 12): a page served from another port of 127.0.0.1 — the same
// site, so the browser attaches the SameSite=Strict session cookie — tries blind state-changing calls in
// headless Chromium after the clerk opened the workbench. Nothing may change in the workspace.
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, setSetting } from '../../electron/engine/workspace/db';
import { loadSampleMonth, SAMPLE_FILES } from '../engine/statement/sample-workspace';
import { hasChromium, startWorkbench, type Workbench } from './workbench-harness';

const OPERATOR = '王会计';

interface Attempt {
  method: string;
  url: string;
  status: number;
  cookie: boolean;
  site: string | undefined;
}

/** What the other page does: every way a page can send a request to another origin without reading the answer. */
async function blindCalls(page: Page, target: string, differenceId: number): Promise<string[]> {
  return page.evaluate(async ({ target, differenceId }) => {
    const outcome: string[] = [];
    const calls = [
      { command: 'settings.set', input: { operator: 'attacker' } },
      { command: 'diff.resolve', input: { id: differenceId, as: 'writeoff', note: 'blind' } },
    ];
    for (const call of calls) {
      const body = JSON.stringify(call);
      // A "simple" request: no preflight, the cookie attached, the answer unreadable (and not needed: the
      // browser may even fail the fetch for the page, the server has had the call by then).
      const ignore = () => undefined;
      await fetch(target, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body }).catch(ignore);
      await fetch(target, { method: 'POST', mode: 'no-cors', credentials: 'include', body: new Blob([body]) }).catch(ignore);
      // JSON needs a preflight; the server grants none, so the browser should never send the call itself.
      outcome.push(await fetch(target, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }).then(() => 'answered', () => 'blocked'));
      navigator.sendBeacon(target, new Blob([body], { type: 'text/plain' }));
      // Forms: text/plain smuggles a JSON body in one field; urlencoded is the classic CSRF form.
      for (const enctype of ['text/plain', 'application/x-www-form-urlencoded']) {
        const frame = document.createElement('iframe');
        frame.name = `sink-${Math.random().toString(36).slice(2)}`;
        document.body.append(frame);
        const form = document.createElement('form');
        form.method = 'POST';
        form.action = target;
        form.enctype = enctype;
        form.target = frame.name;
        const field = document.createElement('input');
        field.name = body.slice(0, -2) + ',"pad":"';
        field.value = '"}}';
        form.append(field);
        document.body.append(form);
        const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
        form.submit();
        await Promise.race([loaded, new Promise((r) => setTimeout(r, 3000))]);
      }
    }
    return outcome;
  }, { target, differenceId });
}

describe.skipIf(!hasChromium)('browser mode against another page of the same machine', () => {
  let wb: Workbench;
  let attackerServer: Server;
  let attackerPort: number;
  let differenceId: number;

  beforeAll(async () => {
    wb = await startWorkbench((path) => {
      const ws = openWorkspace(path, { create: true });
      loadSampleMonth(ws.db, SAMPLE_FILES.slice(0, 3));
      setSetting(ws.db, 'operator', OPERATOR);
      ws.db.close();
    });
    attackerServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>优惠活动</title><p>cat pictures</p>');
    });
    await new Promise<void>((r) => attackerServer.listen(0, '127.0.0.1', () => r()));
    attackerPort = (attackerServer.address() as { port: number }).port;
    const open = await wb.api('diffs.list', { channelId: 'alipay', period: '2026-09', status: 'open', limit: 1 });
    differenceId = open[0]!.id;
  }, 180_000);

  afterAll(async () => {
    await new Promise<void>((r) => (attackerServer ? attackerServer.close(() => r()) : r()));
    await wb?.close();
  });

  it('refuses blind calls from a page on another port (and another host name) though the browser sends the cookie', async () => {
    const auditBefore = (await wb.api('audit.list', { limit: 1000 })).entries.length;
    const target = `http://127.0.0.1:${wb.server.port}/api/command`;
    // The clerk opens the workbench, then another page in the same browser: the session cookie is set.
    const context = await wb.browser.newContext();
    const victim = await context.newPage();
    await victim.goto(wb.server.url);
    await victim.getByRole('navigation').waitFor();
    const cookies = await context.cookies(`http://127.0.0.1:${wb.server.port}`);
    expect(cookies.map((c) => c.name)).toContain('recondesk_token');

    for (const origin of [`http://127.0.0.1:${attackerPort}`, `http://localhost:${attackerPort}`]) {
      const attacker = await context.newPage();
      // The browser itself blocks the answers (CORP, frame-ancestors) from the page and from Playwright's
      // response events, so the status and the headers actually sent are read from the DevTools protocol.
      const cdp = await context.newCDPSession(attacker);
      // The three events of one request may come in any order: collected apart, joined at the end.
      const requests = new Map<string, { method: string; url: string }>();
      const headers = new Map<string, Record<string, string>>();
      const statuses = new Map<string, number>();
      cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { method: e.request.method, url: e.request.url }));
      cdp.on('Network.requestWillBeSentExtraInfo', (e) => headers.set(e.requestId, Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))));
      cdp.on('Network.responseReceivedExtraInfo', (e) => statuses.set(e.requestId, e.statusCode));
      await cdp.send('Network.enable');
      await attacker.goto(`${origin}/`);
      const preflighted = await blindCalls(attacker, target, differenceId);
      const posts = () => [...requests].filter(([id, r]) => r.url.startsWith(target) && r.method === 'POST' && statuses.has(id)).length;
      // 2 calls × (2 no-cors fetches, a beacon, 2 forms); the devtools events may trail the page a little.
      await expect.poll(posts, { timeout: 10_000 }).toBe(10);
      const seen: Attempt[] = [...requests].filter(([, r]) => r.url.startsWith(target)).map(([id, r]) => ({
        method: r.method,
        url: r.url,
        status: statuses.get(id) ?? 0,
        cookie: /recondesk_token=/.test(headers.get(id)?.cookie ?? ''),
        site: headers.get(id)?.['sec-fetch-site'],
      }));
      await attacker.close();

      // The calls reached the server (so this test can fail) and every one was refused; the JSON calls
      // stopped at the preflight, the browser never sent them.
      const answered = seen.filter((a) => a.status !== 0);
      expect(answered.filter((a) => a.status !== 403), JSON.stringify(seen)).toEqual([]);
      expect(preflighted).toEqual(['blocked', 'blocked']);
      if (origin.includes('127.0.0.1')) {
        // Same site: the cookie came along, which is why the cookie alone may never be enough.
        expect(answered.filter((a) => a.method === 'POST').every((a) => a.cookie && a.site === 'same-site'), JSON.stringify(seen)).toBe(true);
      }
    }
    await context.close();

    // Nothing changed, read back through the engine.
    expect((await wb.api('workspace.info', {})).operator).toBe(OPERATOR);
    const difference = await wb.api('diff.get', { id: differenceId });
    expect(difference.status).toBe('open');
    expect((await wb.api('audit.list', { limit: 1000 })).entries.length).toBe(auditBefore);
  });

  it('still takes the same call from the workbench page itself', async () => {
    const answer = await wb.page.evaluate(async () => {
      const res = await fetch('/api/command', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-recondesk-token': sessionStorage.getItem('recondesk.token') ?? '' },
        body: JSON.stringify({ command: 'settings.set', input: { operator: '李出纳' } }),
      });
      return res.status;
    });
    expect(answer).toBe(200);
    expect((await wb.api('workspace.info', {})).operator).toBe('李出纳');
    expect(wb.pageErrors).toEqual([]);
  });
});
