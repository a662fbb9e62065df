// Four eyes: decisions that wait for a second operator (docs/month-end.md "Four eyes").

export interface FourEyesSettings {
  enabled: boolean;
  /** Waivers and write-offs whose Σ|difference| is above this need approval (minor units). */
  thresholdMinor: number;
}

export type ApprovalKind = 'resolve' | 'bulk_resolve' | 'manual_match' | 'close' | 'reopen';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface ApprovalRequestView {
  id: number;
  kind: ApprovalKind;
  channelId: string | null;
  period: string | null;
  /** Why it needs a second operator, and what it changes: before → after, as the queue shows them. */
  why: { zh: string; en: string };
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  requestedBy: string;
  requestedAt: string;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}
