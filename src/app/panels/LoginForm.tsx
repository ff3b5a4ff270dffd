// Logging in: the server keeps the session in a cookie; the app only asks for it.
import { useState, type FormEvent } from 'react';
import type { SessionResponse } from '../../api/types';
import { ApiRequestError, type ApiClient } from '../api/client';
import { useI18n } from '../i18n';

export function LoginForm({ api, onLoggedIn }: { api: ApiClient; onLoggedIn(session: SessionResponse): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.login({ username, password }));
    } catch (e) {
      setError(e instanceof ApiRequestError && e.status === 401 ? t('login.wrong') : t('login.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="login panel" onSubmit={submit} data-testid="login-form">
      <h2>{t('login.title')}</h2>
      <label>
        <span>{t('login.username')}</span>
        <input data-testid="login-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
      </label>
      <label>
        <span>{t('login.password')}</span>
        <input data-testid="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error ? (
        <p className="login-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="primary" data-testid="login-submit" disabled={busy}>
        {t('login.submit')}
      </button>
      <p className="login-hint">{t('login.demoHint')}</p>
    </form>
  );
}
