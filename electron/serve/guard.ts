// Who may talk to browser mode: only this machine (bound to 127.0.0.1), only with this run's token, only
// under a Host name of our own (a DNS-rebinding page would arrive with its own host name), and for the API
// only from the page's own origin (docs/browser-mode.md says why each check is there).
import { timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-recondesk-token';
export const TOKEN_COOKIE = 'recondesk_token';

export { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

type Headers = Record<string, string | string[] | undefined>;

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The page and its files: the token may come in the URL (the printed link), a header, or the cookie set
 * when the page was opened with it (the page's own script and style requests). None of these change state.
 */
export function hasPageToken(url: URL, headers: Headers, token: string): boolean {
  return sameToken(url.searchParams.get('token') ?? header(headers, TOKEN_HEADER) ?? cookieValue(header(headers, 'cookie'), TOKEN_COOKIE), token);
}

/**
 * The API: never the cookie, which a browser attaches on its own to requests another page of the same site
 * (127.0.0.1 on any port) makes. The token must be in the header, which only our page's script knows and
 * no other page can add without a CORS preflight we never grant. `inUrl` is for the two GET endpoints a
 * browser cannot add headers to (EventSource, a download link); both only read.
 */
export function hasApiToken(url: URL, headers: Headers, token: string, inUrl: boolean): boolean {
  return sameToken(header(headers, TOKEN_HEADER) ?? (inUrl ? (url.searchParams.get('token') ?? undefined) : undefined), token);
}

/**
 * Browsers say where a request comes from; a request that says it comes from anywhere but the page's own
 * origin is refused. `Origin` must be exactly the origin the request is addressed to; `Sec-Fetch-Site` must
 * be `same-origin` (`none`, a link the user opened directly, is allowed for reads). Clients that send
 * neither (curl, scripts) are not browsers and are held by the token alone.
 */
export function isOwnOrigin(headers: Headers, host: string, method: string | undefined): boolean {
  const origin = header(headers, 'origin');
  if (origin !== undefined && origin !== `http://${host}`) return false;
  const site = header(headers, 'sec-fetch-site');
  if (site === undefined || site === 'same-origin') return true;
  return site === 'none' && method === 'GET';
}

/** The media type of a Content-Type header, without its parameters (`application/json; charset=utf-8`). */
export function mediaType(headers: Headers): string {
  return (header(headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}
