import { formatLocalTime, localTimeZone } from '../../../shared/time';
import { translateWorkbench } from '../i18n-workbench';
import { useApp } from '../store';

/** The sentence naming where the audit log's chain breaks; shared by the banner and the audit screen. */
export function brokenChainText(lang: 'zh' | 'en', brokenAt: { id: number; at: string; action: string }): string {
  return translateWorkbench(lang, 'au.brokenAt')
    .replace('{id}', String(brokenAt.id))
    .replace('{at}', `${formatLocalTime(brokenAt.at)} ${localTimeZone()}`)
    .replace('{action}', brokenAt.action);
}

/** Shown on every screen while the open workspace's history does not verify. */
export function AuditChainBanner() {
  const { auditBrokenAt, lang } = useApp();
  if (!auditBrokenAt) return null;
  return <div className="banner error" role="alert" data-testid="audit-chain-banner">{brokenChainText(lang, auditBrokenAt)}</div>;
}
