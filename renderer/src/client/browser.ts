// Browser mode: the contract over HTTP to `recondesk serve`. The access token comes from the page URL
// the server printed and goes back in a header on every API call (in the URL only where a browser cannot
// add a header: the event stream and download links). Bodies are typed application/json or
// application/octet-stream, as the server requires (docs/browser-mode.md).
import type { ProgressEvent } from '../../../shared/contract';
import type { ChosenFile, CommandResponse, FrontDoor, Result, SessionInfo } from './types';

export function httpFrontDoor(token: string): FrontDoor {
  const headers = { 'content-type': 'application/json', 'x-recondesk-token': token };
  const listeners = new Map<string, (e: ProgressEvent) => void>();
  const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  events.onmessage = (m: MessageEvent<string>) => {
    const data = JSON.parse(m.data) as { requestId: string; event: ProgressEvent };
    listeners.get(data.requestId)?.(data.event);
  };

  async function post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
    return (await res.json()) as T;
  }

  function upload(file: File, onSent: (bytes: number) => void): Promise<Result<ChosenFile>> {
    // XHR rather than fetch: it reports upload progress for a 150 MB bill.
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/api/upload');
      xhr.setRequestHeader('x-recondesk-token', token);
      xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      // Else the browser sends the file's own type (text/csv, or none); the server takes raw bytes only.
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => onSent(e.loaded);
      xhr.onload = () => {
        try {
          resolve(JSON.parse(xhr.responseText) as Result<ChosenFile>);
        } catch {
          resolve({ ok: false, error: { type: 'internal', message: `upload failed (${xhr.status})` } });
        }
      };
      xhr.onerror = () => resolve({ ok: false, error: { type: 'internal', message: 'upload failed: the server did not answer' } });
      xhr.send(file);
    });
  }

  return {
    kind: 'browser',
    async invoke(name, input, options = {}) {
      const requestId = options.requestId ?? crypto.randomUUID();
      if (options.onProgress) listeners.set(requestId, options.onProgress);
      try {
        return await post<CommandResponse>('/api/command', { command: name, input, requestId });
      } catch (e) {
        return { ok: false, error: { type: 'internal', message: `The server did not answer: ${String(e)}` } };
      } finally {
        listeners.delete(requestId);
      }
    },
    async cancel(requestId) {
      await post('/api/cancel', { requestId });
    },
    async session() {
      const res = await fetch('/api/session', { headers });
      return ((await res.json()) as { value: SessionInfo }).value;
    },
    createWorkspace: (name) => post<Result<SessionInfo>>('/api/workspace', { action: 'create', name }),
    openWorkspace: (name) => post<Result<SessionInfo>>('/api/workspace', { action: 'open', name }),
    async addFiles(files, onProgress) {
      const total = files.reduce((s, f) => s + f.size, 0);
      let before = 0;
      const chosen: ChosenFile[] = [];
      for (const f of files) {
        const r = await upload(f, (sent) => onProgress?.(before + sent, total));
        if (!r.ok) return r;
        chosen.push(r.value);
        before += f.size;
      }
      return { ok: true, value: chosen };
    },
    async saveOutput(file) {
      const a = document.createElement('a');
      a.href = `/api/download/${file.id}?token=${encodeURIComponent(token)}`;
      a.download = file.name;
      a.click();
    },
  };
}
