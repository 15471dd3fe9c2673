import { type FormEvent, useState } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/locale';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { saveSession, startHostedSignIn } from './session-store';
import type { DashboardConfig } from './sign-in-config';

/**
 * Sign-in: in AWS a button to the Cognito hosted UI; under `npm start` a form taking the API token
 * (`RAPPORT_API_TOKEN` signs in as an admin, `RAPPORT_VIEWER_TOKEN` as a viewer).
 */
export function SignInPage({
  config,
  onToken,
}: {
  config: DashboardConfig;
  onToken: (token: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onToken(token.trim());
      saveSession({ token: token.trim() });
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? t('That token is not valid.')
          : t('Could not sign in: {message}', { message: String(failure) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>Rapport</h1>
      {config.signIn.kind === 'cognito' ? (
        <button
          type="button"
          onClick={() =>
            config.signIn.kind === 'cognito' && void startHostedSignIn(config.signIn, location.hash)
          }
        >
          {t('Sign in')}
        </button>
      ) : (
        <form onSubmit={submit}>
          <Field label={t('API token')}>
            {(id) => (
              <input
                id={id}
                type="password"
                autoComplete="current-password"
                value={token}
                onChange={(event) => setToken(event.target.value)}
                required
              />
            )}
          </Field>
          <button type="submit" disabled={busy}>
            {t('Sign in')}
          </button>
          <ErrorMessage message={error} />
        </form>
      )}
    </main>
  );
}
