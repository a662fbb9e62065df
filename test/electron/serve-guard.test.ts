// Browser mode trusts no other page and no malformed request: the API wants the token in a header (the
// cookie a browser attaches on its own is not enough), the page's own origin, a JSON body; client mistakes
// get 4xx with the contract's error, never 500 or a raw JavaScript message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ErrorPayload } from '../../shared/errors';
import { writeCustomBill } from '../e2e/fixtures';
import { rawRequest, startSampleServer, type RawAnswer, type SampleServer } from './serve-http';

describe('browser-mode guard', () => {
  let sample: SampleServer;
  let port: number;
  let token: string;
  let cookie: string;

  const json = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'x-recondesk-token': token, ...extra });
  const setOperator = (name: string) => JSON.stringify({ command: 'settings.set', input: { operator: name } });

  async function operator(): Promise<string> {
    const r = await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: JSON.stringify({ command: 'workspace.info', input: {} }) });
    return (JSON.parse(r.text) as { value: { operator: string } }).value.operator;
  }

  /** A refusal a user could read: the contract's user error with its key and both languages, as JSON. */
  function refusal(r: RawAnswer, status: number, key: string) {
    expect(r.status, r.text).toBe(status);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(r.text) as { ok: boolean; error: ErrorPayload };
    expect(body.ok).toBe(false);
    expect(body.error).toMatchObject({ type: 'user', key });
    if (body.error.type === 'user') {
      expect(body.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(body.error.message.en).not.toMatch(/Unexpected token|JSON at position|Cannot read prop|undefined|null/);
    }
  }

  beforeAll(async () => {
    sample = await startSampleServer();
    ({ port, token } = sample.server);
    const page = await rawRequest(port, `/?token=${token}`);
    cookie = String(page.headers['set-cookie']).split(';')[0]!;
  }, 60_000);

  afterAll(async () => {
    await sample?.close();
  });

  it('refuses a state-changing call that carries only the session cookie, or the token in the URL', async () => {
    const before = await operator();
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: setOperator('cookie only') }), 403, 'http.no_token');
    refusal(await rawRequest(port, `/api/command?token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: setOperator('token in url') }), 403, 'http.no_token');
    refusal(await rawRequest(port, '/api/session', { headers: { cookie } }), 403, 'http.no_token');
    expect(await operator()).toBe(before);
    // The two reads a browser cannot add a header to still take the token in the URL.
    const events = await new Promise<number>((done) => {
      void import('node:http').then(({ get }) => get({ host: '127.0.0.1', port, path: `/api/events?token=${token}` }, (res) => {
        done(res.statusCode ?? 0);
        res.destroy();
      }));
    });
    expect(events).toBe(200);
  });

  it('refuses calls from any origin but its own: another port, another host name, a null origin, a cross-site fetch', async () => {
    const before = await operator();
    for (const origin of ['http://127.0.0.1:8080', `http://127.0.0.1:${port + 1}`, `http://localhost:${port}`, 'http://evil.example', 'null', `https://127.0.0.1:${port}`]) {
      refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json({ origin }), body: setOperator(origin) }), 403, 'http.cross_origin');
    }
    for (const site of ['same-site', 'cross-site', 'none']) {
      refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json({ 'sec-fetch-site': site }), body: setOperator(site) }), 403, 'http.cross_origin');
    }
    refusal(await rawRequest(port, '/api/session', { headers: { 'x-recondesk-token': token, 'sec-fetch-site': 'same-site' } }), 403, 'http.cross_origin');
    expect(await operator()).toBe(before);
    // The page's own calls pass: its origin (under either host name it may be opened with), same-origin.
    const own = await rawRequest(port, '/api/command', { method: 'POST', headers: json({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' }), body: setOperator('本页') });
    expect(own.status).toBe(200);
    expect(await operator()).toBe('本页');
    const viaLocalhost = await rawRequest(port, '/api/session', { headers: { host: `localhost:${port}`, origin: `http://localhost:${port}`, 'x-recondesk-token': token } });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses bodies that are not JSON (text/plain, forms, none) and uploads that are not raw bytes', async () => {
    const before = await operator();
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', '']) {
      const headers = json(type ? { 'content-type': type } : {});
      if (!type) delete (headers as Record<string, string>)['content-type'];
      refusal(await rawRequest(port, '/api/command', { method: 'POST', headers, body: setOperator(type) }), 415, 'http.bad_content_type');
    }
    refusal(await rawRequest(port, '/api/upload', { method: 'POST', headers: { 'x-recondesk-token': token, 'content-type': 'text/plain', 'x-file-name': 'a.csv' }, body: 'a,b\n1,2\n' }), 415, 'http.bad_content_type');
    expect(await operator()).toBe(before);
    expect((await rawRequest(port, '/api/command', { method: 'POST', headers: json({ 'content-type': 'Application/JSON; charset=UTF-8' }), body: setOperator('大小写') })).status).toBe(200);
  });

  it('answers 413 to a body over the limit, 400 to malformed JSON and to bodies of the wrong shape', async () => {
    const huge = JSON.stringify({ command: 'settings.set', input: { operator: 'x'.repeat(11 * 1024 * 1024) } });
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: huge }), 413, 'http.too_large');
    for (const body of ['{', '{"command":', 'nul', '', '\u0000', '{"command":"workspace.info",}', '\ufeff{}']) {
      refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body }), 400, 'http.bad_json');
    }
    for (const body of ['null', '[]', '[{"command":"workspace.info"}]', '"workspace.info"', '42', 'true', '{}', '{"command":42}', '{"command":null}', '{"command":"workspace.info","requestId":7}']) {
      refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body }), 400, 'http.bad_request');
    }
    for (const path of ['/api/workspace', '/api/cancel']) {
      for (const body of ['null', '[]', '7']) refusal(await rawRequest(port, path, { method: 'POST', headers: json(), body }), 400, 'http.bad_request');
    }
    refusal(await rawRequest(port, '/api/cancel', { method: 'POST', headers: json(), body: '{"requestId":{"a":1}}' }), 400, 'http.bad_request');
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: '{"command":"settings.set","input":[1]}' }), 400, 'contract.bad_input');
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: '{"command":"settings.set","input":{"language":"fr"}}' }), 400, 'contract.bad_input');
    const deep = `{"command":"profile.save","input":{"definition":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: deep }), 400, 'http.too_deep');
  });

  it('answers 404 to an unknown command or endpoint and 405 to a wrong method, without CORS headers', async () => {
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: '{"command":"no.such.command"}' }), 404, 'contract.unknown_command');
    refusal(await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: '{"command":"__proto__"}' }), 404, 'contract.unknown_command');
    refusal(await rawRequest(port, '/api/nothing', { headers: { 'x-recondesk-token': token } }), 404, 'http.not_found');
    const cases: [string, string, string][] = [['GET', '/api/command', 'POST'], ['PUT', '/api/command', 'POST'], ['DELETE', '/api/workspace', 'POST'], ['POST', '/api/session', 'GET'], ['OPTIONS', '/api/command', 'POST']];
    for (const [method, path, allow] of cases) {
      const r = await rawRequest(port, path, { method, headers: json({ origin: `http://127.0.0.1:${port}`, 'access-control-request-method': 'POST' }), body: method === 'GET' ? undefined : '{}' });
      refusal(r, 405, 'http.bad_method');
      expect(r.headers.allow).toBe(allow);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    const page = await rawRequest(port, `/?token=${token}`, { method: 'POST', body: 'x' });
    expect(page.status).toBe(405);
  });

  it('previews a draft profile naming a channel that does not exist as the draft\'s problem, not an internal error', async () => {
    const bill = writeCustomBill(sample.dir, 'unionpay.csv', 10);
    const up = await rawRequest(port, '/api/upload', { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'x-recondesk-token': token, 'x-file-name': 'unionpay.csv' }, body: readFileSync(bill.path) });
    const fileRef = (JSON.parse(up.text) as { value: { ref: string } }).value.ref;
    const definition = {
      id: 'draft', name: '草稿', side: 'channel', channelId: 'unionpay',
      detect: { headers: ['商家订单号', '金额(元)', '交易时间'] },
      fields: { orderId: { from: '商家订单号' }, channelTxnId: { from: '交易流水' }, kind: { value: 'payment' }, amount: { from: '金额(元)' }, time: { from: '交易时间' } },
    };
    const r = await rawRequest(port, '/api/command', { method: 'POST', headers: json(), body: JSON.stringify({ command: 'wizard.preview', input: { fileRef, definition } }) });
    expect(r.status, r.text).toBe(200);
    const preview = (JSON.parse(r.text) as { value: { header: string[]; problem: { zh: string; en: string } | null } }).value;
    expect(preview.header).toContain('商家订单号');
    expect(preview.problem?.en).toMatch(/Channel unionpay does not exist/);
    expect(preview.problem?.zh).toMatch(/渠道 unionpay 还不存在/);
  });
});
