import type { ErrorPayload, UserErrorPayload } from '../../shared/errors';

/** A failure the user can act on. Messages are written for a finance clerk, in Chinese and English. */
export class UserError extends Error {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(key: string, zh: string, en: string, details?: Record<string, unknown>) {
    super(zh);
    this.name = 'UserError';
    this.key = key;
    this.zh = zh;
    this.en = en;
    this.details = details;
  }

  toPayload(): UserErrorPayload {
    return { type: 'user', key: this.key, message: { zh: this.zh, en: this.en }, ...(this.details ? { details: this.details } : {}) };
  }
}

export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof UserError) return e.toPayload();
  const message = e instanceof Error ? e.message : String(e);
  return { type: 'internal', message };
}
