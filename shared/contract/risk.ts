// Risk screening (交易风控): rule settings, the blacklist, screening a period, the review queue (审核)
// with its decisions, and the back-test of a rule over past months.
import { z } from 'zod';
import { RISK_IDENTIFIERS, RISK_RULES, type RiskIdentifier, type RiskRule, type RiskRuleParams } from '../risk';
import { command, type FileRef } from './define';

export type RiskHitStatus = 'open' | 'confirmed' | 'false_positive' | 'follow_up';

export interface RiskRuleView {
  rule: RiskRule;
  /** null: the setting for every channel. */
  channelId: string | null;
  enabled: boolean;
  params: RiskRuleParams;
  /** True when this row is the built-in default (never changed). */
  builtin: boolean;
}

export interface RiskHitRecord {
  id: number;
  side: 'channel' | 'internal';
  kind: 'payment' | 'refund';
  orderId: string | null;
  amountMinor: number;
  currency: string;
  occurredAt: number;
}

export interface RiskHitView {
  id: number;
  rule: RiskRule;
  channelId: string;
  period: string;
  subject: { zh: string; en: string };
  amountMinor: number;
  currency: string;
  detail: Record<string, unknown>;
  /** False when the latest screening no longer finds it (kept, with its decision). */
  active: boolean;
  status: RiskHitStatus;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  records: RiskHitRecord[];
}

export interface ScreenResult {
  period: string;
  channels: { channelId: string; screened: number; hits: number; newHits: number; byRule: Partial<Record<RiskRule, number>> }[];
}

export interface BacktestResult {
  rule: RiskRule;
  params: RiskRuleParams;
  periods: { period: string; channelId: string; screened: number; hits: number; amountMinor: number }[];
}

export interface BlacklistEntryView {
  id: number;
  type: RiskIdentifier;
  value: string;
  reason: string;
  addedBy: string;
  addedAt: string;
  source: string;
}

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const channelId = z.string().regex(/^[a-z0-9_-]{1,40}$/);
export const riskParams = z.object({
  maxPerDay: z.number().int().min(1).max(10_000).optional(),
  limitMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  burstCount: z.number().int().min(2).max(10_000).optional(),
  smallMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  windowMinutes: z.number().int().min(1).max(24 * 60).optional(),
}).strict();
const blacklistEntry = z.object({ type: z.enum(RISK_IDENTIFIERS), value: z.string().trim().min(1).max(200), reason: z.string().trim().min(1).max(500) });

export const riskContract = {
  'risk.rules': command<RiskRuleView[]>()({ kind: 'read', input: z.object({ channelId: channelId.optional() }) }),
  'risk.rule.set': command<RiskRuleView>()({
    kind: 'write',
    input: z.object({ rule: z.enum(RISK_RULES), channelId: channelId.nullable(), enabled: z.boolean(), params: riskParams.optional() }),
  }),
  'risk.screen': command<ScreenResult>()({ kind: 'write', input: z.object({ period, channelId: channelId.optional() }) }),
  'risk.hits': command<RiskHitView[]>()({
    kind: 'read',
    input: z.object({ period, channelId: channelId.optional(), rule: z.enum(RISK_RULES).optional(), status: z.enum(['open', 'confirmed', 'false_positive', 'follow_up']).optional(), includeInactive: z.boolean().optional() }),
  }),
  'risk.decide': command<RiskHitView>()({
    kind: 'write',
    input: z.object({
      id: z.number().int().min(1),
      as: z.enum(['open', 'confirmed', 'false_positive', 'follow_up']),
      note: z.string().trim().min(1).max(2000),
      /** confirmed: also blacklist these identifiers of the hit. */
      blacklist: z.array(z.enum(RISK_IDENTIFIERS)).max(5).optional(),
    }),
  }),
  'risk.backtest': command<BacktestResult>()({
    kind: 'read',
    input: z.object({ rule: z.enum(RISK_RULES), params: riskParams.optional(), from: period, to: period, channelId: channelId.optional() }),
  }),
  'risk.blacklist': command<BlacklistEntryView[]>()({ kind: 'read', input: z.object({ type: z.enum(RISK_IDENTIFIERS).optional() }) }),
  'risk.blacklist.add': command<BlacklistEntryView>()({ kind: 'write', input: blacklistEntry }),
  'risk.blacklist.import': command<{ added: number; alreadyListed: number }>()({ kind: 'write', input: z.object({ file: z.string().min(1) as z.ZodType<FileRef> }) }),
};
