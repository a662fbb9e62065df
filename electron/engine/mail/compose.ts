// What the daily run mails, decided from its result alone (pure): one message per recipient list that
// has something to act on — open differences of its channel(s), or (lists for every channel) a bill
// that failed to import — and none when everything agrees. The body is the run's summary in Chinese
// first, then English, followed by the order ids that disagree; the run's workbook is attached.
import type { MailRecipientList } from '../../../shared/contract/mail';
import type { InboxRunResult } from '../../../shared/contract/statement';
import type { Category } from '../../../shared/domain';
import { formatMoney } from '../../../shared/money';
import { formatInstant } from '../../../shared/time';
import { CATEGORY_LABEL } from '../statement/labels';
import type { OutgoingMail } from './send';

/** An open difference as the mail lists it. */
export interface MailedDifference {
  orderId: string | null;
  category: Category;
  differenceMinor: number;
  currency: string;
}

export interface RunMailInput {
  run: InboxRunResult;
  lists: MailRecipientList[];
  /** Open differences per `${channelId} ${period}` of the run's channels. */
  differences: ReadonlyMap<string, MailedDifference[]>;
  /** The run's workbook for a list: the whole run, or one channel's part of it. */
  attachmentFor(channelId: string | null): { filename: string; path: string };
  now: number;
  zone: string;
}

/** Order ids listed per channel and period; the rest are in the attachment. */
export const LISTED_IDS = 200;

function scopeOf(run: InboxRunResult, channelId: string | null): InboxRunResult {
  if (channelId === null) return run;
  return { ...run, channels: run.channels.filter((c) => c.channelId === channelId), files: run.files.filter((f) => f.channelId === channelId) };
}

function differenceLines(run: InboxRunResult, differences: RunMailInput['differences']): string[] {
  const lines: string[] = [];
  for (const c of run.channels) {
    const open = differences.get(`${c.channelId} ${c.period}`) ?? [];
    if (open.length === 0) continue;
    lines.push(`${c.channelId} ${c.period}（${open.length} 笔 / ${open.length} open）`);
    for (const d of open.slice(0, LISTED_IDS)) {
      const label = CATEGORY_LABEL[d.category];
      lines.push(`  ${d.orderId ?? '(无订单号 / no order id)'}\t${label.zh} / ${label.en}\t${formatMoney(d.differenceMinor, d.currency)}`);
    }
    if (open.length > LISTED_IDS) lines.push(`  … 另有 ${open.length - LISTED_IDS} 笔见附件 / ${open.length - LISTED_IDS} more in the attachment`);
  }
  return lines;
}

function subject(run: InboxRunResult, open: number, failed: number, now: number, zone: string): string {
  const day = formatInstant(now, zone).slice(0, 10);
  const zh = [open > 0 ? `未决差错 ${open} 笔` : '', failed > 0 ? `失败文件 ${failed} 个` : ''].filter(Boolean).join('，');
  const en = [open > 0 ? `${open} open differences` : '', failed > 0 ? `${failed} failed files` : ''].filter(Boolean).join(', ');
  const channels = [...new Set(run.channels.filter((c) => c.open > 0).map((c) => c.channelId))].join(' ');
  return `[ReconDesk] ${day} 每日对账${channels ? ' ' + channels : ''}：${zh} / Daily run: ${en}`;
}

/**
 * The messages to send. `summary` renders the run's text summary in one language (inbox/run.ts
 * summaryText), passed in so this module stays free of the run's own imports.
 */
export function composeRunMail(input: RunMailInput, summary: (run: InboxRunResult, lang: 'zh' | 'en') => string): OutgoingMail[] {
  const mails: OutgoingMail[] = [];
  for (const list of input.lists) {
    if (list.kind !== 'differences' || list.addresses.length === 0) continue;
    const scoped = scopeOf(input.run, list.channelId);
    const open = scoped.channels.reduce((n, c) => n + c.open, 0);
    // A failed bill names no channel (it could not be read), so only lists for every channel hear of it.
    const failed = list.channelId === null ? scoped.files.filter((f) => f.outcome === 'failed').length : 0;
    if (open === 0 && failed === 0) continue;
    const ids = differenceLines(scoped, input.differences);
    const text = [
      summary(scoped, 'zh'),
      ...(ids.length > 0 ? ['未决差错订单号 / Order ids of open differences', ...ids, ''] : []),
      '——',
      summary(scoped, 'en'),
    ].join('\n');
    mails.push({
      kind: list.kind,
      channelId: list.channelId,
      to: list.addresses,
      subject: subject(scoped, open, failed, input.now, input.zone),
      text,
      attachments: [input.attachmentFor(list.channelId)],
    });
  }
  return mails;
}
