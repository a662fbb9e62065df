// Browser mode's server and the engine host behind it, without a browser: who may call, uploads,
// progress over SSE, cancellation, reads answered during a long write.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { writeCustomBill } from '../e2e/fixtures';

const PROFILE = {
  id: 'unionpay-test',
  name: '云闪付',
  side: 'channel',
  channelId: 'unionpay',
  detect: { headers: ['商家订单号', '金额(元)', '交易时间', '交易类型'] },
  fields: {
    orderId: { from: '商家订单号' },
    channelTxnId: { from: '交易流水' },
    kind: { from: '交易类型', map: { 退款: 'refund' }, default: 'payment' },
    amount: { from: '金额(元)' },
    time: { from: '交易时间' },
  },
};

describe('browser-mode server', () => {
  let dir: string;
  let server: RunningServer;
  let base: string;

  function raw(path: string, headers: Record<string, string>, method = 'GET', body?: Buffer): Promise<{ status: number; text: string }> {
    return new Promise((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', fail);
      req.end(body);
    });
  }
  const auth = () => ({ 'x-recondesk-token': server.token, 'content-type': 'application/json' });
  async function post(path: string, body: unknown) {
    const res = await fetch(base + path, { method: 'POST', headers: auth(), body: JSON.stringify(body) });
    return (await res.json()) as { ok: boolean; value?: unknown; error?: { type: string; key?: string } };
  }
  const command = (name: string, input: unknown, requestId?: string) => post('/api/command', { command: name, input, requestId });
  async function upload(path: string, name: string) {
    const res = await fetch(base + '/api/upload', { method: 'POST', headers: { ...auth(), 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) }, body: readFileSync(path) });
    return (await res.json()) as { ok: boolean; value: { ref: string; name: string; size: number } };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recondesk-serve-test-'));
    const rendererDir = join(dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
    server = await startServer({ workspaceDir: join(dir, 'ws'), rendererDir, maxUploadBytes: 64 * 1024 * 1024 });
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints a 127.0.0.1 URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses requests without the token, with a wrong one, or under a foreign Host', async () => {
    expect((await raw('/', { host: `127.0.0.1:${server.port}` })).status).toBe(403);
    expect((await raw('/api/session', { host: `127.0.0.1:${server.port}`, 'x-recondesk-token': 'x'.repeat(48) })).status).toBe(403);
    expect((await raw(`/api/session?token=${server.token}`, { host: `attacker.example:${server.port}` })).status).toBe(403);
    expect((await raw('/api/session', { host: `localhost:${server.port}`, 'x-recondesk-token': server.token })).status).toBe(200);
  });

  it('serves the page with a strict CSP and sets the token cookie for its own assets', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await raw('/index.html', { host: `127.0.0.1:${server.port}`, cookie })).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%E0%A4%A', '/assets/%00index.html']) {
      const r = await raw(`${path}?token=${server.token}`, { host: `127.0.0.1:${server.port}` });
      expect(r.status).toBe(404);
      expect(r.text).not.toContain('not for the browser');
    }
  });

  it('answers commands only once a workspace is open, and creates one by name inside its folder', async () => {
    expect((await command('workspace.info', {})).error?.key).toBe('workspace.none');
    expect((await post('/api/workspace', { action: 'create', name: '../escape' })).error?.key).toBe('workspace.bad_name');
    const created = await post('/api/workspace', { action: 'create', name: '测试' });
    expect(created.ok).toBe(true);
    expect((created.value as { workspace: string }).workspace).toBe(join(dir, 'ws', '测试.sqlite'));
    expect((await post('/api/workspace', { action: 'create', name: '测试' })).error?.key).toBe('workspace.exists');
    expect((await command('workspace.info', {})).ok).toBe(true);
    expect((await command('no.such.command', {})).error?.key).toBe('contract.unknown_command');
  });

  it('refuses an upload over the size limit', async () => {
    const small = await startServer({ workspaceDir: join(dir, 'ws2'), rendererDir: join(dir, 'renderer'), maxUploadBytes: 1000 });
    try {
      const res = await fetch(`http://127.0.0.1:${small.port}/api/upload`, { method: 'POST', headers: { 'x-recondesk-token': small.token, 'content-type': 'application/octet-stream', 'x-file-name': 'big.csv' }, body: Buffer.alloc(5000, 65) });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { key: string } }).error.key).toBe('upload.too_large');
    } finally {
      await small.close();
    }
  });

  it('streams progress over SSE, answers reads during a long import, and cancels it leaving nothing imported', async () => {
    await command('channel.save', { id: 'unionpay', name: '云闪付' });
    expect((await command('profile.save', { definition: PROFILE })).ok).toBe(true);
    const bill = writeCustomBill(dir, 'big.csv', 150_000, { month: '11' });
    const up = await upload(bill.path, 'big.csv');
    expect(up.value.size).toBeGreaterThan(1_000_000);

    const events: { requestId: string; event: { done: number; phase: string } }[] = [];
    const controller = new AbortController();
    const sse = await fetch(`${base}/api/events?token=${server.token}`, { signal: controller.signal });
    const reader = sse.body!.getReader();
    void (async () => {
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) break;
        buf += new TextDecoder().decode(value);
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
        }
      }
    })();

    const importing = command('import.file', { fileRef: up.value.ref }, 'req-big');
    while (!events.some((e) => e.requestId === 'req-big')) await new Promise((r) => setTimeout(r, 20));
    // The reader engine answers while the writer is busy.
    const t0 = Date.now();
    expect((await command('channel.list', {})).ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);

    await post('/api/cancel', { requestId: 'req-big' });
    const result = await importing;
    controller.abort();
    expect(result.ok).toBe(false);
    expect(result.error?.key).toBe('import.cancelled');
    expect(events.filter((e) => e.requestId === 'req-big').length).toBeGreaterThan(0);
    const files = await command('files.list', {});
    expect(files.value).toEqual([]);
  });

  it('imports the same file when asked again, and refuses an unknown file ref', async () => {
    const small = writeCustomBill(dir, 'small.csv', 50, { month: '12' });
    const up = await upload(small.path, 'small.csv');
    const r = await command('import.file', { fileRef: up.value.ref });
    expect(r.ok).toBe(true);
    expect((r.value as { accepted: number }).accepted).toBe(50);
    expect((await command('import.preview', { fileRef: 'upload-doesnotexist' })).error?.key).toBe('file.unknown_ref');
  });
});
