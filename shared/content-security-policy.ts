// The one Content-Security-Policy of the UI, whichever front door serves it (the desktop app's app://
// protocol or browser mode's HTTP server): our own scripts and styles only, no inline code, no framing,
// no plugins, and connections back to our own origin only.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');
