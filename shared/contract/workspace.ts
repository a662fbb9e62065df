import { z } from 'zod';
import type { ChannelSettings } from '../domain';
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
}

export const workspaceContract = {
  'workspace.info': command<WorkspaceInfo>()({ kind: 'read', input: z.object({}) }),
  'settings.set': command<WorkspaceInfo>()({
    kind: 'write',
    input: z.object({ operator: z.string().min(1).max(80).optional(), language: z.enum(['zh', 'en']).optional() }),
  }),
  'channel.list': command<ChannelSettings[]>()({ kind: 'read', input: z.object({}) }),
  'channel.save': command<ChannelSettings>()({ kind: 'write', input: channelInput }),
};
