import type { approvalsContract } from '../../../shared/contract/approvals';
import { approveRequest, getFourEyes, listApprovals, rejectRequest, setFourEyes } from '../resolve/approvals';
import type { HandlerMap } from './types';

export const approvalHandlers: HandlerMap<keyof typeof approvalsContract> = {
  'fourEyes.get': (ctx) => getFourEyes(ctx.workspace.db),
  'fourEyes.set': (ctx, input) => setFourEyes(ctx.workspace.db, input),
  'approvals.list': (ctx, input) => listApprovals(ctx.workspace.db, input.status),
  'approval.approve': (ctx, input) => approveRequest(ctx.workspace.db, input.id, input.note),
  'approval.reject': (ctx, input) => rejectRequest(ctx.workspace.db, input.id, input.note),
};
