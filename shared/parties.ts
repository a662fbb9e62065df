// Who a statement is between: our company (workspace settings) and, per channel, the counterparty.

export interface CompanyInfo {
  name: string;
  taxId: string;
  bankAccount: string;
}

export interface Counterparty {
  channelId: string;
  /** The counterparty's legal name on statements; the channel's name when empty. */
  name: string;
  contact: string;
  /** Letters/digits before the statement number, e.g. ZFB in ZFB-2026-0001; the channel id when empty. */
  statementPrefix: string;
}

export interface Parties {
  company: CompanyInfo;
  counterparties: Counterparty[];
}
