// Browser mode's server over plain HTTP, for tests that send what no well-behaved client would: raw
// requests with any Host, Origin, content type or body, and a server on a workspace holding the sample month.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { openWorkspace } from '../../electron/engine/workspace/db';
import { loadSampleMonth, SAMPLE_FILES } from '../engine/statement/sample-workspace';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function rawRequest(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawAnswer> {
  return new Promise((done, fail) => {
    // An explicit length: Node sends a DELETE or OPTIONS body unframed otherwise, spoiling the kept-alive socket.
    const length = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
    const headers = { host: `127.0.0.1:${port}`, ...length, ...options.headers };
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

export interface SampleServer {
  dir: string;
  server: RunningServer;
  close(): Promise<void>;
}

/** A workspace with the September sample month imported and matched, served without a built page. */
export async function startSampleServer(): Promise<SampleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'recondesk-serve-'));
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  const workspaces = join(dir, 'workspaces');
  mkdirSync(workspaces);
  const workspacePath = join(workspaces, 'sample.sqlite');
  const ws = openWorkspace(workspacePath, { create: true });
  loadSampleMonth(ws.db, SAMPLE_FILES.slice(0, 3));
  ws.db.close();
  const server = await startServer({ workspaceDir: workspaces, rendererDir, workspacePath });
  return {
    dir,
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
