// Receipts against agreed statements: every incoming bank row, earliest first, is given to the
// receivables it pays. Pure: the same statements, rows, settings and decisions always give the same
// allocation, so nothing here is stored except what a person decided (assignments, resolutions).
//
// Per row: a person's assignment wins; then a statement number in the remark (even from another
// payer: a payer mismatch); then the payer (account first, then name) names the channel, and within
// it a period named in the remark, else the open receivable (or run of oldest open receivables) whose
// outstanding the amount settles within the channel's tolerance, else the oldest open ones in turn.
// Money beyond what is open is an over-payment; the same amount again after a receivable was settled
// is a duplicate transfer. Rows from no known payer wait in 待认领.
import type { Allocation, ReceiptAction, ReceiptDifference, ReceiptDifferenceKind, ReceiptSettings } from '../../../shared/contract/receivables';
import { formatMoney } from '../../../shared/money';

export interface ReceivableInput {
  channelId: string;
  period: string;
  statementNo: string | null;
  agreedMinor: number;
  currency: string;
  issuedOn: string;
}

export interface ReceiptInput {
  id: number;
  /** YYYY-MM-DD in the workspace zone. */
  day: string;
  occurredAt: number;
  amountMinor: number;
  currency: string;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  remark: string | null;
}

export interface AssignmentInput {
  kind: 'receivable' | 'not_settlement';
  channelId: string | null;
  period: string | null;
}

export interface ResolutionInput {
  action: ReceiptAction;
  note: string | null;
  resolvedBy: string;
  resolvedAt: string;
}

export interface ChannelInput {
  id: string;
  toleranceMinor: number;
  settings: ReceiptSettings;
}

export interface AllocatedReceivable extends ReceivableInput {
  key: string;
  receivedMinor: number;
  chargeMinor: number;
  waivedMinor: number;
  /** Day of the allocation that settled it (within tolerance); null while open. */
  paidOn: string | null;
  allocations: Allocation[];
}

export interface AllocationResult {
  receivables: AllocatedReceivable[];
  unclaimed: { id: number; reason: 'unknown_payer' | 'ambiguous_payer' }[];
  differences: ReceiptDifference[];
}

export function receivableKey(channelId: string, period: string): string {
  return `${channelId}:${period}`;
}

/** Names compared without spaces and with one kind of brackets: banks print （） and () alike. */
export function normaliseName(name: string): string {
  return name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

/** Banks cut long names: a name of at least this many characters that begins the other is the same payer. */
const MIN_CUT_NAME = 6;

/** Periods a remark names: 2026-09, 2026/9, 202609, 2026年9月. */
export function periodsInRemark(remark: string): string[] {
  const found = new Set<string>();
  for (const m of remark.matchAll(/(20\d{2})\s*(?:[-/.年]\s*(1[0-2]|0?[1-9])(?!\d)|(1[0-2]|0[1-9])(?!\d))/g)) {
    found.add(`${m[1]}-${(m[2] ?? m[3])!.padStart(2, '0')}`);
  }
  return [...found];
}

class PayerIndex {
  private readonly accounts = new Map<string, Set<string>>();
  /** Every payer name, and every prefix of it of MIN_CUT_NAME+ characters (a name the bank cut short). */
  private readonly names = new Map<string, Set<string>>();
  private readonly full = new Map<string, Set<string>>();
  private readonly cache = new Map<string, string[]>();

  constructor(channels: Iterable<ChannelInput>) {
    const add = (map: Map<string, Set<string>>, key: string, channelId: string) => {
      if (!map.has(key)) map.set(key, new Set());
      map.get(key)!.add(channelId);
    };
    for (const c of channels) {
      for (const a of c.settings.payerAccounts) add(this.accounts, a.replace(/[\s-]/g, ''), c.id);
      for (const raw of c.settings.payerNames) {
        const n = normaliseName(raw);
        add(this.full, n, c.id);
        add(this.names, n, c.id);
        for (let len = MIN_CUT_NAME; len < n.length; len++) add(this.names, n.slice(0, len), c.id);
      }
    }
  }

  /** The channels a row's payer belongs to: by account when it is registered, else by name. */
  channelsOf(account: string | null, name: string | null): string[] {
    if (account) {
      const byAccount = this.accounts.get(account.replace(/[\s-]/g, ''));
      if (byAccount) return [...byAccount];
    }
    if (!name) return [];
    const n = normaliseName(name);
    let hit = this.cache.get(n);
    if (!hit) {
      // The row's name is a payer name or its cut-off start, or a payer name begins the row's name.
      const found = new Set(n.length >= MIN_CUT_NAME || this.full.has(n) ? this.names.get(n) ?? [] : []);
      for (let len = MIN_CUT_NAME; len < n.length; len++) for (const id of this.full.get(n.slice(0, len)) ?? []) found.add(id);
      hit = [...found];
      this.cache.set(n, hit);
    }
    return hit;
  }
}

/** Statement numbers are recognised as whole tokens of the remark. */
function tokens(remark: string): string[] {
  return remark.match(/[A-Za-z0-9][A-Za-z0-9_\-/]*/g) ?? [];
}

export function allocateReceipts(input: {
  receivables: ReceivableInput[];
  receipts: ReceiptInput[];
  channels: ReadonlyMap<string, ChannelInput>;
  assignments: ReadonlyMap<number, AssignmentInput>;
  resolutions: ReadonlyMap<string, ResolutionInput>;
}): AllocationResult {
  const { channels, assignments, resolutions } = input;
  const byKey = new Map<string, AllocatedReceivable>();
  const byChannel = new Map<string, AllocatedReceivable[]>();
  const byStatementNo = new Map<string, AllocatedReceivable>();
  for (const r of [...input.receivables].sort((a, b) => a.channelId.localeCompare(b.channelId) || a.period.localeCompare(b.period))) {
    const a: AllocatedReceivable = { ...r, key: receivableKey(r.channelId, r.period), receivedMinor: 0, chargeMinor: 0, waivedMinor: 0, paidOn: null, allocations: [] };
    byKey.set(a.key, a);
    if (!byChannel.has(r.channelId)) byChannel.set(r.channelId, []);
    byChannel.get(r.channelId)!.push(a);
    if (r.statementNo) byStatementNo.set(r.statementNo, a);
  }
  const payers = new PayerIndex(channels.values());
  const tolerance = (channelId: string) => channels.get(channelId)?.toleranceMinor ?? 0;
  const remaining = (r: AllocatedReceivable) => r.agreedMinor - r.receivedMinor;
  /** Open: nothing received yet, or more than the tolerance still missing. */
  const isOpen = (r: AllocatedReceivable) => r.receivedMinor === 0 || remaining(r) > tolerance(r.channelId);
  const unclaimed: AllocationResult['unclaimed'] = [];
  const rowDifferences: { kind: ReceiptDifferenceKind; channelId: string; period: string | null; amountMinor: number; currency: string; rowId: number; detail: ReceiptDifference['detail'] }[] = [];
  /** Money of a channel that no receivable can take (assigned to a period without a statement yet). */
  const unapplied = new Map<string, { amountMinor: number; currency: string; rowIds: number[] }>();
  /** channel → amounts already received, to recognise the same transfer made twice. */
  const paidAmounts = new Map<string, Set<number>>();

  const give = (r: AllocatedReceivable, row: ReceiptInput, amount: number, how: Allocation['how']) => {
    r.receivedMinor += amount;
    r.allocations.push({ bankRowId: row.id, amountMinor: amount, occurredAt: row.occurredAt, how });
    if (r.paidOn === null && remaining(r) <= tolerance(r.channelId)) r.paidOn = row.day;
    if (!paidAmounts.has(r.channelId)) paidAmounts.set(r.channelId, new Set());
    paidAmounts.get(r.channelId)!.add(row.amountMinor);
  };
  /** Spreads the amount over the targets in order; the last one takes what is left (an over-payment). */
  const spread = (targets: AllocatedReceivable[], row: ReceiptInput, how: Allocation['how']) => {
    let left = row.amountMinor;
    targets.forEach((t, i) => {
      const share = i === targets.length - 1 ? left : Math.min(left, Math.max(remaining(t), 0));
      if (share > 0) give(t, row, share, how);
      left -= share;
    });
  };

  for (const row of [...input.receipts].sort((a, b) => a.occurredAt - b.occurredAt || a.id - b.id)) {
    const assigned = assignments.get(row.id);
    if (assigned?.kind === 'not_settlement') continue;
    if (assigned) {
      const target = byKey.get(receivableKey(assigned.channelId!, assigned.period!));
      if (target) spread([target], row, 'assigned');
      else {
        const k = receivableKey(assigned.channelId!, assigned.period!);
        const u = unapplied.get(k) ?? { amountMinor: 0, currency: row.currency, rowIds: [] };
        u.amountMinor += row.amountMinor;
        u.rowIds.push(row.id);
        unapplied.set(k, u);
      }
      continue;
    }
    const payerChannels = payers.channelsOf(row.counterpartyAccount, row.counterpartyName);
    const remark = row.remark ?? '';
    const named = byStatementNo.size === 0 ? undefined : tokens(remark).map((t) => byStatementNo.get(t)).find((r) => r !== undefined && r.currency === row.currency);
    if (named) {
      if (!payerChannels.includes(named.channelId)) {
        rowDifferences.push({
          kind: 'payer_mismatch', channelId: named.channelId, period: named.period, amountMinor: row.amountMinor, currency: row.currency, rowId: row.id,
          detail: {
            zh: `附言写明对账单 ${named.statementNo}，但付款人“${row.counterpartyName ?? row.counterpartyAccount ?? '?'}”不是该渠道登记的付款人`,
            en: `The remark names statement ${named.statementNo}, but payer "${row.counterpartyName ?? row.counterpartyAccount ?? '?'}" is not a payer registered for the channel`,
          },
        });
      }
      spread([named], row, 'remark');
      continue;
    }
    if (payerChannels.length !== 1) {
      unclaimed.push({ id: row.id, reason: payerChannels.length === 0 ? 'unknown_payer' : 'ambiguous_payer' });
      continue;
    }
    const channelId = payerChannels[0]!;
    const own = (byChannel.get(channelId) ?? []).filter((r) => r.currency === row.currency);
    const tol = tolerance(channelId);
    const mentioned = periodsInRemark(remark).map((p) => byKey.get(receivableKey(channelId, p))).filter((r): r is AllocatedReceivable => r !== undefined && r.currency === row.currency);
    if (mentioned.length > 0) {
      spread(mentioned.sort((a, b) => a.period.localeCompare(b.period)), row, 'remark');
      continue;
    }
    const open = own.filter(isOpen);
    const settles = (due: number) => due - row.amountMinor >= 0 && due - row.amountMinor <= tol;
    const exact = open.find((r) => settles(remaining(r)));
    if (exact) {
      spread([exact], row, 'amount');
      continue;
    }
    let run = 0;
    const prefix = open.findIndex((r) => settles((run += remaining(r))));
    if (prefix > 0) {
      spread(open.slice(0, prefix + 1), row, 'amount');
      continue;
    }
    if (open.length > 0) {
      spread(open, row, 'oldest');
      continue;
    }
    if (paidAmounts.get(channelId)?.has(row.amountMinor)) {
      rowDifferences.push({
        kind: 'duplicate', channelId, period: null, amountMinor: -row.amountMinor, currency: row.currency, rowId: row.id,
        detail: { zh: `同一付款人再次转入 ${formatMoney(row.amountMinor, row.currency)}，对应的账期都已回款：疑似重复打款`, en: `The payer sent ${formatMoney(row.amountMinor, row.currency)} again while every period is settled: a likely duplicate transfer` },
      });
      continue;
    }
    const latest = own[own.length - 1];
    if (latest) spread([latest], row, 'oldest');
    else {
      const k = receivableKey(channelId, '');
      const u = unapplied.get(k) ?? { amountMinor: 0, currency: row.currency, rowIds: [] };
      u.amountMinor += row.amountMinor;
      u.rowIds.push(row.id);
      unapplied.set(k, u);
    }
  }

  const differences: ReceiptDifference[] = [];
  const decide = (d: Omit<ReceiptDifference, 'status' | 'action' | 'note' | 'resolvedBy' | 'resolvedAt'>): ReceiptDifference => {
    const r = resolutions.get(d.key);
    return { ...d, status: r ? 'resolved' : 'open', action: r?.action ?? null, note: r?.note ?? null, resolvedBy: r?.resolvedBy ?? null, resolvedAt: r?.resolvedAt ?? null };
  };
  for (const r of byKey.values()) {
    const due = remaining(r);
    const tol = tolerance(r.channelId);
    if (r.receivedMinor > 0 && due > 0 && due <= tol) r.chargeMinor = due;
    const m = (v: number) => formatMoney(v, r.currency);
    if (r.receivedMinor > 0 && due > tol) {
      const d = decide({
        key: `short_paid:${r.key}`, kind: 'short_paid', channelId: r.channelId, period: r.period, amountMinor: due, currency: r.currency, bankRowIds: r.allocations.map((a) => a.bankRowId),
        detail: { zh: `应收 ${m(r.agreedMinor)}，已收 ${m(r.receivedMinor)}，少付 ${m(due)}（超出容差 ${m(tol)}）`, en: `Agreed ${m(r.agreedMinor)}, received ${m(r.receivedMinor)}, ${m(due)} short (beyond the tolerance of ${m(tol)})` },
      });
      // A short payment accepted (waived or written off) settles the receivable.
      if (d.status === 'resolved' && (d.action === 'waive' || d.action === 'writeoff')) r.waivedMinor = due;
      differences.push(d);
    }
    if (due < 0) {
      differences.push(decide({
        key: `over_paid:${r.key}`, kind: 'over_paid', channelId: r.channelId, period: r.period, amountMinor: due, currency: r.currency, bankRowIds: r.allocations.map((a) => a.bankRowId),
        detail: { zh: `应收 ${m(r.agreedMinor)}，已收 ${m(r.receivedMinor)}，多付 ${m(-due)}`, en: `Agreed ${m(r.agreedMinor)}, received ${m(r.receivedMinor)}, ${m(-due)} over-paid` },
      }));
    }
  }
  for (const [k, u] of unapplied) {
    const [channelId, period] = k.split(':') as [string, string];
    const m = formatMoney(u.amountMinor, u.currency);
    differences.push(decide({
      key: `over_paid:${k}`, kind: 'over_paid', channelId, period: period || null, amountMinor: -u.amountMinor, currency: u.currency, bankRowIds: u.rowIds,
      detail: period
        ? { zh: `收到 ${m}，指定给账期 ${period}，但该账期还没有导出或关账的对账单`, en: `Received ${m} assigned to period ${period}, which has no exported or closed statement yet` }
        : { zh: `收到 ${m}，该渠道没有任何应收回款`, en: `Received ${m}; the channel has no receivable at all` },
    }));
  }
  for (const d of rowDifferences) {
    differences.push(decide({ key: `${d.kind}:${d.rowId}`, kind: d.kind, channelId: d.channelId, period: d.period, amountMinor: d.amountMinor, currency: d.currency, bankRowIds: [d.rowId], detail: d.detail }));
  }
  return { receivables: [...byKey.values()], unclaimed, differences };
}
