import { useEffect, useMemo, useState } from 'react';
import type { Project, SessionResponse } from '../api/types';
import { ApiClient } from './api/client';
import { Editor } from './Editor';
import { ErrorBoundary } from './ErrorBoundary';
import { useI18n } from './i18n';
import { LoginForm } from './panels/LoginForm';

/** The project opened first when the user has several and has chosen none yet. */
const DEFAULT_PROJECT = 'wuhan-demo';
const PROJECT_KEY = 'parkatlas.project';

function storedProject(): string | null {
  try {
    return globalThis.localStorage?.getItem(PROJECT_KEY) ?? null;
  } catch {
    return null;
  }
}

function storeProject(id: string): void {
  try {
    globalThis.localStorage?.setItem(PROJECT_KEY, id);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const otherLang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  const api = useMemo(() => new ApiClient(new URL('api/', document.baseURI).href), []);
  const [session, setSession] = useState<SessionResponse | null | undefined>(undefined);
  const [projects, setProjects] = useState<Project[]>([]);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = t('app.documentTitle');
    document.documentElement.lang = lang;
  }, [t, lang]);

  useEffect(() => {
    api.session().then(setSession, (e: unknown) => {
      setSession(null);
      setError(e instanceof Error ? e.message : String(e));
    });
  }, [api]);

  useEffect(() => {
    if (!session) return;
    api.projects().then(
      (list) => {
        setProjects(list);
        const remembered = storedProject();
        setProjectId((current) => current ?? (list.find((p) => p.id === remembered) ?? list.find((p) => p.id === DEFAULT_PROJECT) ?? list[0])?.id ?? null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [api, session]);

  const project = projects.find((p) => p.id === projectId) ?? null;

  const logout = async () => {
    await api.logout();
    setSession(null);
    setProjects([]);
    setProjectId(null);
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1 className="brand-name">{t('app.name')}</h1>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <div className="header-right">
          {session && projects.length > 0 ? (
            <select className="project-select" data-testid="project-select" value={projectId ?? ''} onChange={(e) => {
                setProjectId(e.target.value);
                storeProject(e.target.value);
              }} aria-label={t('app.project')}>
              {projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          ) : null}
          {session ? (
            <span className="user" data-testid="user">
              {t('app.user', { user: session.user, role: t(`app.role.${project?.role ?? session.role}`) })}
              <button type="button" className="link-button" data-testid="logout" onClick={() => void logout()}>
                {t('app.logout')}
              </button>
            </span>
          ) : null}
          <button type="button" className="lang-switch" data-testid="lang-switch" title={t('lang.switchTitle')} onClick={() => setLang(otherLang)}>
            <span lang={otherLang}>{t('lang.switch')}</span>
          </button>
        </div>
      </header>
      {error ? (
        <p className="notice notice-error" role="alert">
          {t('app.error', { message: error })}
        </p>
      ) : null}
      {session === null ? (
        <main className="login-main">
          <LoginForm api={api} onLoggedIn={setSession} />
        </main>
      ) : null}
      {session && project ? (
        <ErrorBoundary>
          <Editor key={project.id} api={api} project={project} />
        </ErrorBoundary>
      ) : null}
    </div>
  );
}
