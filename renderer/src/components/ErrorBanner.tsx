import { errorMessage, useT } from '../i18n';
import { useApp } from '../store';

/** The last failure, in the user's language, until dismissed. */
export function ErrorBanner() {
  const t = useT();
  const { error, lang, clearError } = useApp();
  if (!error) return null;
  return (
    <div className="banner error" role="alert">
      <strong>{t('error.title')}</strong> <span className="msg">{errorMessage(lang, error)}</span>
      <button type="button" className="link" onClick={clearError}>{t('common.close')}</button>
    </div>
  );
}
