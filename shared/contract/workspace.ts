import { z } from 'zod';
import type { ChannelSettings } from '../domain';
import type { CompanyInfo, Counterparty, Parties } from '../parties';
import { command } from './define';

const channelInput = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  name: z.string().min(1).max(80).optional(),
  aliases: z.array(z.string().min(1).max(80)).max(50).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  toleranceMinor: z.number().int().min(0).optional(),
  periodCapMinor: z.number().int().min(0).nullable().optional(),
  periodCapBps: z.number().int().min(0).max(10000).nullable().optional(),
  cutoffSeconds: z.number().int().min(0).max(86400).optional(),
  manualDownload: z.boolean().optional(),
  settlementCycle: z.string().max(80).optional(),
});

export interface WorkspaceInfo {
  path: string;
  schemaVersion: number;
  operator: string;
  language: 'zh' | 'en';
  /** Set when the audit log's chain does not verify: every screen warns. */
  auditBrokenAt?: { id: number; at: string; action: string } | null;
  /** The latest period with any imported rows: the screens open on it. */
  latestPeriod?: string | null;
}

/** The audit log's hash chain recomputed: where it first breaks, or its head when intact. */
export interface AuditChainCheck {
  intact: boolean;
  /** Entries verified before the break (all of them when intact). */
  entries: number;
  /** The last verified entry. */
  head: { id: number; hash: string } | null;
  brokenAt: { id: number; at: string; who: string; action: string } | null;
}

export interface AuditEntryView {
  id: number;
  at: string;
  who: string;
  action: string;
  channelId: string | null;
  period: string | null;
  subject: string | null;
  before: unknown;
  after: unknown;
}

export const workspaceContract = {
  'audit.verify': command<AuditChainCheck>()({ kind: 'read', input: z.object({}) }),
  'audit.list': command<{ entries: AuditEntryView[]; chainIntact: boolean; chain?: AuditChainCheck }>()({
    kind: 'read',
    input: z.object({
      channelId: z.string().max(40).optional(),
      period: z.string().regex(/^\d{4}-\d{2}$/).optional(),
      action: z.string().max(80).optional(),
      who: z.string().max(80).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
  }),
  'workspace.info': command<WorkspaceInfo>()({ kind: 'read', input: z.object({}) }),
  'settings.set': command<WorkspaceInfo>()({
    kind: 'write',
    input: z.object({ operator: z.string().min(1).max(80).optional(), language: z.enum(['zh', 'en']).optional() }),
  }),
  'parties.get': command<Parties>()({ kind: 'read', input: z.object({}) }),
  'company.set': command<CompanyInfo>()({
    kind: 'write',
    input: z.object({ name: z.string().max(120).optional(), taxId: z.string().max(40).optional(), bankAccount: z.string().max(200).optional() }),
  }),
  'counterparty.set': command<Counterparty>()({
    kind: 'write',
    input: z.object({
      channelId: z.string().regex(/^[a-z0-9_-]{1,40}$/), name: z.string().max(120).optional(), contact: z.string().max(200).optional(),
      statementPrefix: z.string().regex(/^[A-Za-z0-9]{0,12}$/).optional(),
    }),
  }),
  'channel.list': command<ChannelSettings[]>()({ kind: 'read', input: z.object({}) }),
  'channel.save': command<ChannelSettings>()({ kind: 'write', input: channelInput }),
};
