// Four eyes: the approval queue and its settings (docs/month-end.md "Four eyes").
import { z } from 'zod';
import type { ApprovalRequestView, FourEyesSettings } from '../approvals';
import { command } from './define';

const requestId = z.number().int().positive();

export const approvalsContract = {
  'fourEyes.get': command<FourEyesSettings>()({ kind: 'read', input: z.object({}) }),
  'fourEyes.set': command<FourEyesSettings>()({ kind: 'write', input: z.object({ enabled: z.boolean().optional(), thresholdMinor: z.number().int().min(0).optional() }) }),
  'approvals.list': command<ApprovalRequestView[]>()({ kind: 'read', input: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }) }),
  'approval.approve': command<ApprovalRequestView>()({ kind: 'write', input: z.object({ id: requestId, note: z.string().trim().max(2000).optional() }) }),
  'approval.reject': command<ApprovalRequestView>()({ kind: 'write', input: z.object({ id: requestId, note: z.string().trim().min(1).max(2000) }) }),
};
