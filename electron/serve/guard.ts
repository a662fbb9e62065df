// Who may talk to browser mode: only this machine (bound to 127.0.0.1), only with this run's token, and
// only under a Host name of our own (a DNS-rebinding page would arrive with its own host name).
import { timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-recondesk-token';
export const TOKEN_COOKIE = 'recondesk_token';

export { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
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
 * The token may come in the URL (the printed link, EventSource, downloads), a header (fetch) or the
 * cookie set when the page was opened with it (script and style requests of the page itself).
 */
export function requestToken(url: URL, headers: Record<string, string | string[] | undefined>): string | undefined {
  const header = headers[TOKEN_HEADER];
  return url.searchParams.get('token') ?? (typeof header === 'string' ? header : undefined) ?? cookieValue(typeof headers.cookie === 'string' ? headers.cookie : undefined, TOKEN_COOKIE);
}

export function hasValidToken(url: URL, headers: Record<string, string | string[] | undefined>, token: string): boolean {
  return sameToken(requestToken(url, headers), token);
}
