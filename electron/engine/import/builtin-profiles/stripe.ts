// Stripe balance history export (formats.md §7.1): UTC times, decimal amounts, lower-case currency,
// negative amount and fee on refunds. The merchant's order id only appears inside Description.
import type { ProfileInput } from '../../../../shared/profile';

export const stripeBalance: ProfileInput = {
  id: 'stripe-balance',
  name: 'Stripe balance history export',
  side: 'channel',
  detect: { headers: ['id', 'Type', 'Source', 'Amount', 'Fee', 'Currency', 'Created (UTC)'] },
  fields: {
    // The charge (ch_…) ties a refund to its payment; the balance transaction (txn_…) is each row's own id.
    channelTxnId: { from: 'Source' },
    refundId: { from: 'id' },
    orderId: { from: 'Description', extract: 'Order ID: ([^\\s)]+)' },
    status: { from: 'Type' },
    kind: { from: 'Type', map: { charge: 'payment', payment: 'payment', refund: 'refund', payment_refund: 'refund' } },
    amount: { from: 'Amount', sign: 'abs' },
    fee: { from: 'Fee', sign: 'abs', emptyIsZero: true },
    currency: { from: 'Currency' },
    time: { from: 'Created (UTC)', timeZone: 'UTC' },
    memo: { from: 'Description' },
  },
  // Payouts, adjustments and Stripe's own fees are balance movements, not trades with the payer.
  filters: [{ column: 'Type', keep: ['charge', 'payment', 'refund', 'payment_refund'] }],
};
