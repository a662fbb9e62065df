import { sendTestMail } from '../mail/deliver';
import { mailSettings, saveMailSettings, saveRecipients } from '../mail/settings';
import type { HandlerMap } from './types';

export const mailHandlers: HandlerMap<'mail.get' | 'mail.set' | 'mail.recipients' | 'mail.test'> = {
  'mail.get': (ctx) => mailSettings(ctx.workspace.db),
  'mail.set': (ctx, input) => saveMailSettings(ctx.workspace.db, input),
  'mail.recipients': (ctx, input) => saveRecipients(ctx.workspace.db, input),
  'mail.test': (ctx, input) => sendTestMail(ctx.workspace.db, input.to),
};
