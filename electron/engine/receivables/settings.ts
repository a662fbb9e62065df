// How each channel pays its agreed statements: payer names and accounts (aliases, since banks cut
// names short), the expected payment date rule and the grace days before an unpaid statement is 逾期.
import type { PaymentRule, ReceiptSettings } from '../../../shared/contract/receivables';
import { getChannel, listChannels } from '../channels';
import { UserError } from '../errors';
import { appendAudit } from '../workspace/audit';
import { writeTransaction, type DB } from '../workspace/db';

interface SettingsRow { channel_id: string; payer_names: string; payer_accounts: string; rule: PaymentRule['kind']; rule_n: number; rule_day: number; grace_days: number }

/** Until set: day 11 of the next month (the usual settlement day), no grace. */
export const DEFAULT_RULE: PaymentRule = { kind: 'day-of-next-month', n: 11, day: 1 };

function fromRow(channelId: string, r: SettingsRow | undefined): ReceiptSettings {
  if (!r) return { channelId, payerNames: [], payerAccounts: [], rule: DEFAULT_RULE, graceDays: 0 };
  return {
    channelId,
    payerNames: JSON.parse(r.payer_names) as string[],
    payerAccounts: JSON.parse(r.payer_accounts) as string[],
    rule: { kind: r.rule, n: r.rule_n, day: r.rule_day },
    graceDays: r.grace_days,
  };
}

export function receiptSettings(db: DB, channelId: string): ReceiptSettings {
  return fromRow(channelId, db.prepare('SELECT * FROM receipt_settings WHERE channel_id = ?').get(channelId) as SettingsRow | undefined);
}

/** Every channel's settings, defaults for channels never set. */
export function listReceiptSettings(db: DB): ReceiptSettings[] {
  const rows = new Map((db.prepare('SELECT * FROM receipt_settings').all() as SettingsRow[]).map((r) => [r.channel_id, r]));
  return listChannels(db).map((c) => fromRow(c.id, rows.get(c.id)));
}

function validRule(rule: PaymentRule): void {
  const bad = (rule.kind === 'day-of-next-month' && (rule.n < 1 || rule.n > 31))
    || (rule.kind === 'weekly' && (rule.n < 1 || rule.n > 7))
    || (rule.kind === 'months-later' && (rule.n < 1 || rule.n > 24 || rule.day < 1 || rule.day > 31));
  if (bad) {
    throw new UserError('receipts.bad_rule', `回款日规则不成立：${rule.kind} ${rule.n}${rule.kind === 'months-later' ? ` 日 ${rule.day}` : ''}（次月几号 1–31；每周星期 1–7；几个月后 1–24）`,
      `Payment date rule does not hold: ${rule.kind} ${rule.n}${rule.kind === 'months-later' ? ` day ${rule.day}` : ''} (day of next month 1–31; weekly weekday 1–7; months later 1–24)`, { rule });
  }
}

export function saveReceiptSettings(db: DB, input: Partial<Omit<ReceiptSettings, 'channelId'>> & { channelId: string }): ReceiptSettings {
  getChannel(db, input.channelId);
  return writeTransaction(db, () => {
    const before = receiptSettings(db, input.channelId);
    const after: ReceiptSettings = {
      channelId: input.channelId,
      payerNames: (input.payerNames ?? before.payerNames).map((n) => n.trim()).filter((n) => n !== ''),
      payerAccounts: (input.payerAccounts ?? before.payerAccounts).map((a) => a.replace(/[\s-]/g, '')).filter((a) => a !== ''),
      rule: input.rule ?? before.rule,
      graceDays: input.graceDays ?? before.graceDays,
    };
    validRule(after.rule);
    db.prepare(`INSERT INTO receipt_settings (channel_id, payer_names, payer_accounts, rule, rule_n, rule_day, grace_days, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (channel_id) DO UPDATE SET payer_names = excluded.payer_names, payer_accounts = excluded.payer_accounts, rule = excluded.rule,
        rule_n = excluded.rule_n, rule_day = excluded.rule_day, grace_days = excluded.grace_days, updated_at = excluded.updated_at`)
      .run(after.channelId, JSON.stringify(after.payerNames), JSON.stringify(after.payerAccounts), after.rule.kind, after.rule.n, after.rule.day, after.graceDays, new Date().toISOString());
    appendAudit(db, { action: 'receipts.settings', channelId: after.channelId, subject: after.channelId, before, after });
    return after;
  });
}
