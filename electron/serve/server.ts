// Browser mode: the built renderer and the contract over HTTP on 127.0.0.1, for machines where the
// desktop app cannot be installed and for end-to-end tests. The engine runs in a worker thread so a long
// import never stalls the server.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve, sep } from 'node:path';
import { isCommandName, type ProgressEvent } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';
import { EngineStartError } from '../engine/host/client';
import type { CommandResponse } from '../engine/host/protocol';
import type { EngineRouter } from '../engine/host/router';
import { startEngineThreads } from '../engine/host/thread';
import { CONTENT_SECURITY_POLICY, hasApiToken, hasPageToken, isAllowedHost, isOwnOrigin, mediaType, TOKEN_COOKIE } from './guard';

export interface ServeOptions {
  /** Workspace to open at start; without it the user creates or opens one in the page. */
  workspacePath?: string;
  /** Folder where the page may create and open workspaces by name. */
  workspaceDir: string;
  /** The vite build output (index.html + assets). */
  rendererDir: string;
  port?: number;
  /** Largest accepted upload; bills of a million rows are ~150 MB. */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** What the page needs to know about the front door itself (not part of the engine contract). */
export interface SessionInfo {
  workspace: string | null;
  workspaceDir: string;
  workspaces: string[];
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const WORKSPACE_NAME = /^[\p{L}\p{N}_ .-]{1,80}$/u;

function userError(key: string, zh: string, en: string): ErrorPayload {
  return { type: 'user', key, message: { zh, en } };
}

/** A request refused before it reaches the engine: the HTTP status and the contract's error. */
class Refusal extends Error {
  constructor(readonly status: number, readonly error: ErrorPayload) {
    super(error.type === 'user' ? error.message.en : error.message);
  }
}

const malformed = () => new Refusal(400, userError('http.bad_request', '请求格式有误。', 'Malformed request.'));

/** Largest JSON body of an API call; uploads have their own limit. */
const MAX_JSON_BYTES = 10 * 1024 * 1024;

/** Deepest nesting of a JSON body: a profile definition needs a handful of levels; far deeper nesting
 * would overflow the stack of the engine thread's structured clone. */
const MAX_JSON_DEPTH = 64;

/** How deep arrays and objects nest in JSON text, counted without parsing (so without recursion). */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** The API's endpoints, the one method each accepts, and the body it expects. */
type Endpoint = 'command' | 'upload' | 'workspace' | 'cancel' | 'session' | 'events' | 'download';
const ENDPOINTS: Record<Endpoint, { method: 'GET' | 'POST'; body?: string }> = {
  command: { method: 'POST', body: 'application/json' },
  upload: { method: 'POST', body: 'application/octet-stream' },
  workspace: { method: 'POST', body: 'application/json' },
  cancel: { method: 'POST', body: 'application/json' },
  session: { method: 'GET' },
  events: { method: 'GET' },
  download: { method: 'GET' },
};

function endpointOf(pathname: string): { name: Endpoint; id?: string } | undefined {
  const download = /^\/api\/download\/([0-9a-f]{18})$/.exec(pathname);
  if (download) return { name: 'download', id: download[1]! };
  const name = pathname.slice('/api/'.length);
  return name !== 'download' && Object.prototype.hasOwnProperty.call(ENDPOINTS, name) ? { name: name as Endpoint } : undefined;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('hex');
  const maxUpload = options.maxUploadBytes ?? 1024 * 1024 * 1024;
  const scratch = mkdtempSync(join(tmpdir(), 'recondesk-serve-'));
  const uploadDir = join(scratch, 'uploads');
  const outputDir = join(scratch, 'outputs');
  mkdirSync(uploadDir);
  mkdirSync(outputDir);
  const rendererRoot = resolve(options.rendererDir);
  const workspaceDir = resolve(options.workspaceDir);

  const uploads = new Map<string, { path: string; name: string }>();
  const sse = new Set<ServerResponse>();
  const calls = new Map<string, () => void>();
  let engine: EngineRouter | undefined;
  let workspacePath: string | null = null;

  async function openEngine(path: string): Promise<ErrorPayload | null> {
    let next: EngineRouter;
    try {
      next = await startEngineThreads({ workspacePath: path, outputDir });
    } catch (e) {
      return e instanceof EngineStartError ? e.payload : { type: 'internal', message: String(e) };
    }
    const previous = engine;
    engine = next;
    workspacePath = path;
    for (const [ref, f] of uploads) next.registerFile(ref, f.path, f.name);
    await previous?.close();
    return null;
  }

  if (options.workspacePath) {
    const failed = await openEngine(resolve(options.workspacePath));
    if (failed) {
      rmSync(scratch, { recursive: true, force: true });
      throw new Error(failed.type === 'user' ? failed.message.en : failed.message);
    }
  }

  function session(): SessionInfo {
    const workspaces = existsSync(workspaceDir)
      ? readdirSync(workspaceDir).filter((n) => n.endsWith('.sqlite')).sort()
      : [];
    return { workspace: workspacePath, workspaceDir, workspaces };
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(text);
  }

  /** The body as a JSON object: 413 over the limit, 400 for anything but a JSON object. */
  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      // Past the limit the rest is read and dropped, so the client gets the answer instead of a reset.
      if (size <= MAX_JSON_BYTES) chunks.push(chunk as Buffer);
    }
    if (size > MAX_JSON_BYTES) {
      throw new Refusal(413, userError('http.too_large', `请求太大（上限 ${MAX_JSON_BYTES / 1048576} MB）。`, `The request is too large (limit ${MAX_JSON_BYTES / 1048576} MB).`));
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      throw new Refusal(400, userError('http.too_deep', `请求内容嵌套过深（上限 ${MAX_JSON_DEPTH} 层）。`, `The request body nests too deeply (limit ${MAX_JSON_DEPTH} levels).`));
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Refusal(400, userError('http.bad_json', '请求内容不是有效的 JSON。', 'The request body is not valid JSON.'));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed();
    return body as Record<string, unknown>;
  }

  /** Input the contract refuses is the client's mistake (400); an internal error is ours (500). */
  function statusOf(result: CommandResponse): number {
    if (result.ok) return 200;
    if (result.error.type === 'internal') return 500;
    return result.error.key === 'contract.bad_input' ? 400 : 200;
  }

  function broadcast(requestId: string, event: ProgressEvent) {
    const line = `data: ${JSON.stringify({ requestId, event })}\n\n`;
    for (const res of sse) res.write(line);
  }

  async function handleCommand(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    if (typeof body.command !== 'string' || (body.requestId !== undefined && typeof body.requestId !== 'string')) throw malformed();
    if (!isCommandName(body.command)) {
      const name = body.command.slice(0, 100);
      throw new Refusal(404, userError('contract.unknown_command', `未知命令：${name}`, `Unknown command: ${name}`));
    }
    const current = engine;
    if (!current) {
      return send(res, 200, { ok: false, error: userError('workspace.none', '还没有打开工作区：请先新建或打开一个。', 'No workspace is open: create or open one first.') } satisfies CommandResponse);
    }
    const requestId = body.requestId?.slice(0, 64);
    const result = await current.call(body.command, body.input, {
      onCancelable: (cancel) => requestId && calls.set(requestId, cancel),
      onProgress: (event) => requestId && broadcast(requestId, event),
    });
    if (requestId) calls.delete(requestId);
    send(res, statusOf(result), result);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse) {
    const rawName = req.headers['x-file-name'];
    let name = 'upload';
    try {
      if (typeof rawName === 'string') name = basename(decodeURIComponent(rawName)) || 'upload';
    } catch {
      return send(res, 400, { ok: false, error: userError('upload.bad_name', '文件名无法识别。', 'The file name could not be read.') });
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxUpload) {
      req.resume();
      return send(res, 413, { ok: false, error: userError('upload.too_large', `文件 ${name} 太大（上限 ${Math.round(maxUpload / 1048576)} MB）。`, `File ${name} is too large (limit ${Math.round(maxUpload / 1048576)} MB).`) });
    }
    const ref = `upload-${randomBytes(12).toString('hex')}`;
    const path = join(uploadDir, ref);
    const out = createWriteStream(path);
    let size = 0;
    try {
      for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > maxUpload) throw new Error('too large');
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((r, j) => {
        out.once('error', j);
        out.end(() => r());
      });
    } catch {
      out.destroy();
      rmSync(path, { force: true });
      return send(res, 413, { ok: false, error: userError('upload.too_large', `文件 ${name} 太大（上限 ${Math.round(maxUpload / 1048576)} MB）。`, `File ${name} is too large (limit ${Math.round(maxUpload / 1048576)} MB).`) });
    }
    uploads.set(ref, { path, name });
    engine?.registerFile(ref, path, name);
    send(res, 200, { ok: true, value: { ref, name, size } });
  }

  async function handleWorkspace(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    const raw = typeof body.name === 'string' ? body.name.trim() : '';
    if (!WORKSPACE_NAME.test(raw) || raw.includes('..')) {
      return send(res, 200, { ok: false, error: userError('workspace.bad_name', '工作区名称只能包含文字、数字、空格、点、下划线和连字符。', 'A workspace name may contain letters, digits, spaces, dots, underscores and hyphens only.') });
    }
    const fileName = raw.endsWith('.sqlite') ? raw : `${raw}.sqlite`;
    const path = resolve(workspaceDir, fileName);
    if (!path.startsWith(workspaceDir + sep)) return send(res, 403, { ok: false, error: userError('workspace.bad_name', '工作区名称无效。', 'Invalid workspace name.') });
    const exists = existsSync(path);
    if (body.action === 'create' && exists) {
      return send(res, 200, { ok: false, error: userError('workspace.exists', `工作区 ${fileName} 已存在，请直接打开。`, `Workspace ${fileName} already exists; open it instead.`) });
    }
    if (body.action === 'open' && !exists) {
      return send(res, 200, { ok: false, error: userError('workspace.not_found', `找不到工作区 ${fileName}。`, `Workspace ${fileName} not found.`) });
    }
    if (body.action !== 'create' && body.action !== 'open') return send(res, 400, { ok: false, error: userError('http.bad_request', '请求格式有误。', 'Malformed request.') });
    mkdirSync(workspaceDir, { recursive: true });
    const failed = await openEngine(path);
    if (failed) return send(res, 200, { ok: false, error: failed });
    send(res, 200, { ok: true, value: session() });
  }

  async function handleCancel(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    if (typeof body.requestId !== 'string') throw malformed();
    calls.get(body.requestId)?.();
    send(res, 200, { ok: true, value: null });
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    sse.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15000);
    req.on('close', () => {
      clearInterval(ping);
      sse.delete(res);
    });
  }

  function handleDownload(id: string, res: ServerResponse) {
    const out = engine?.output(id);
    if (!out || !existsSync(out.path)) return send(res, 404, { ok: false, error: userError('download.not_found', '导出的文件已不存在，请重新导出。', 'The exported file is gone; export it again.') });
    res.writeHead(200, {
      'content-type': MIME[extname(out.name).toLowerCase()] ?? 'application/octet-stream',
      'content-length': statSync(out.path).size,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(out.name)}`,
    });
    createReadStream(out.path).pipe(res);
  }

  function handleStatic(url: URL, res: ServerResponse) {
    let rel: string;
    try {
      rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    } catch {
      rel = '\0';
    }
    const path = resolve(rendererRoot, rel);
    if (rel.includes('\0') || !path.startsWith(rendererRoot + sep) || !existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(existsSync(join(rendererRoot, 'index.html')) ? 'Not found' : 'The renderer is not built: run `npm run build:renderer` (or `npm run serve`).');
    }
    const headers: Record<string, string> = { 'content-type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream' };
    // The page was opened with the token in its URL; its own script and style requests carry it back as a cookie.
    if (rel === 'index.html' && url.searchParams.has('token')) {
      headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    createReadStream(path).pipe(res);
  }

  const server = createServer((req, res) => {
    const fail = (e: unknown) => {
      // An unread body would make Node drop the kept-alive connection under the client's next request.
      req.resume();
      if (res.headersSent) return void res.end();
      if (e instanceof Refusal) return send(res, e.status, { ok: false, error: e.error });
      send(res, 500, { ok: false, error: { type: 'internal', message: e instanceof Error ? e.message : String(e) } });
    };
    try {
      route(req, res)?.catch(fail);
    } catch (e) {
      fail(e);
    }
  });

  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    const port = (server.address() as { port: number }).port;
    const host = req.headers.host;
    if (!isAllowedHost(host, port)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Forbidden host');
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return routeApi(req, res, url, host!);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Method not allowed');
    }
    if (!hasPageToken(url, req.headers, token)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Forbidden: open the URL printed by `recondesk serve` (it carries the access token).');
    }
    handleStatic(url, res);
  }

  function routeApi(req: IncomingMessage, res: ServerResponse, url: URL, host: string): Promise<void> | undefined {
    if (!isOwnOrigin(req.headers, host, req.method)) {
      throw new Refusal(403, userError('http.cross_origin', '拒绝来自其他网页的请求。', 'Requests from other web pages are refused.'));
    }
    const endpoint = endpointOf(url.pathname);
    const inUrl = req.method === 'GET' && (endpoint?.name === 'events' || endpoint?.name === 'download');
    if (!hasApiToken(url, req.headers, token, inUrl)) {
      throw new Refusal(403, userError('http.no_token', '缺少访问令牌：请打开 recondesk serve 打印的链接。', 'Missing access token: open the URL printed by `recondesk serve`.'));
    }
    if (!endpoint) throw new Refusal(404, userError('http.not_found', '没有这个接口。', 'No such endpoint.'));
    const spec = ENDPOINTS[endpoint.name];
    if (req.method !== spec.method) {
      res.setHeader('allow', spec.method);
      throw new Refusal(405, userError('http.bad_method', `此接口只接受 ${spec.method} 请求。`, `This endpoint accepts ${spec.method} only.`));
    }
    // A JSON or octet-stream body cannot be sent across origins without a CORS preflight, which is never granted.
    if (spec.body && mediaType(req.headers) !== spec.body) {
      throw new Refusal(415, userError('http.bad_content_type', `请求内容类型必须是 ${spec.body}。`, `The request content type must be ${spec.body}.`));
    }
    switch (endpoint.name) {
      case 'command': return handleCommand(req, res);
      case 'upload': return handleUpload(req, res);
      case 'workspace': return handleWorkspace(req, res);
      case 'cancel': return handleCancel(req, res);
      case 'session': return void send(res, 200, { ok: true, value: session() });
      case 'events': return void handleEvents(req, res);
      case 'download': return void handleDownload(endpoint.id!, res);
    }
  }

  await new Promise<void>((r, j) => {
    server.once('error', j);
    server.listen(options.port ?? 0, '127.0.0.1', () => r());
  });
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    async close() {
      for (const res of sse) res.end();
      sse.clear();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await engine?.close();
      engine = undefined;
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
