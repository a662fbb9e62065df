// Errors cross every boundary (engine → CLI, engine → HTTP → renderer, engine → IPC) as this small
// serialisable union. A user error is something the user can fix and carries its message in both
// UI languages; an internal error is a bug and carries only what is safe to show.

export type Lang = 'zh' | 'en';

export interface UserErrorPayload {
  type: 'user';
  /** Stable key, e.g. "import.footer_mismatch"; tests and the UI may branch on it. */
  key: string;
  message: { zh: string; en: string };
  /** Structured facts: file, row, column, value, reason, figures. */
  details?: Record<string, unknown>;
}

export interface InternalErrorPayload {
  type: 'internal';
  message: string;
}

export type ErrorPayload = UserErrorPayload | InternalErrorPayload;

export function errorText(e: ErrorPayload, lang: Lang): string {
  return e.type === 'user' ? e.message[lang] : e.message;
}
