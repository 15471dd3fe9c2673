import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api } from './api/client';
import type { Caller } from './api/types';
import { SessionContext } from './auth/session';
import { clearSession, completeHostedSignIn, readSession } from './auth/session-store';
import { type DashboardConfig, loadConfig } from './auth/sign-in-config';
import { SignInPage } from './auth/sign-in-page';
import { useI18n } from './i18n/locale';
import type { MessageKey } from './i18n/messages';
import { CustomersPage } from './pages/customers-page';
import { useRoute } from './router';
import { Field } from './ui/field';

const CustomerPage = lazy(() => import('./pages/customer-page'));
const SegmentsPage = lazy(() => import('./pages/segments-page'));
const FunnelPage = lazy(() => import('./pages/funnel-page'));
const AlertsPage = lazy(() => import('./pages/alerts-page'));
const CampaignsPage = lazy(() => import('./pages/campaigns-page'));
const DuplicatesPage = lazy(() => import('./pages/duplicates-page'));
const QuarantinePage = lazy(() => import('./pages/quarantine-page'));
const InboxPage = lazy(() => import('./pages/inbox-page'));

const navigation: Array<{ path: string; label: MessageKey }> = [
  { path: '/inbox', label: 'Inbox' },
  { path: '/customers', label: 'Customers' },
  { path: '/segments', label: 'Segments' },
  { path: '/funnel', label: 'Funnel' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/campaigns', label: 'Campaigns' },
  { path: '/duplicates', label: 'Duplicates' },
  { path: '/quarantine', label: 'Quarantine' },
];

const roleLabels: Record<Caller['role'], MessageKey> = { admin: 'Admin', agent: 'Agent', viewer: 'Viewer' };

type SignedIn = { token: string; caller: Caller };

/** The dashboard: sign-in, then the navigation and the page the hash names. */
export function App() {
  const { t } = useI18n();
  const [config, setConfig] = useState<DashboardConfig>();
  const [failure, setFailure] = useState<string>();
  const [signedIn, setSignedIn] = useState<SignedIn>();
  const [checking, setChecking] = useState(true);

  const signOut = useCallback(() => {
    clearSession();
    setSignedIn(undefined);
  }, []);

  /** Checks a token with the API (who is it, which role) and signs in with it. */
  const adopt = useCallback(
    async (apiUrl: string, token: string) => {
      const caller = await api<Caller>({ apiUrl, token, onUnauthorized: signOut }, 'GET', '/api/me');
      setSignedIn({ token, caller });
    },
    [signOut],
  );

  useEffect(() => {
    (async () => {
      const loaded = await loadConfig();
      setConfig(loaded);
      if (loaded.signIn.kind === 'cognito') {
        const returnTo = await completeHostedSignIn(loaded.signIn, location.search);
        if (returnTo !== undefined) history.replaceState(null, '', `${location.pathname}${returnTo}`);
      }
      const stored = readSession();
      if (stored) await adopt(loaded.apiUrl, stored.token).catch(() => clearSession());
    })()
      .catch((error: unknown) => setFailure(String(error)))
      .finally(() => setChecking(false));
  }, [adopt]);

  if (failure) {
    return (
      <p className="state error" role="alert">
        {t('Could not load: {message}', { message: failure })}
      </p>
    );
  }
  if (!config || checking) {
    return (
      <p className="state" role="status">
        {t('Loading…')}
      </p>
    );
  }
  if (!signedIn) return <SignInPage config={config} onToken={(token) => adopt(config.apiUrl, token)} />;
  return (
    <SessionContext.Provider
      value={{
        api: { apiUrl: config.apiUrl, token: signedIn.token, onUnauthorized: signOut },
        caller: signedIn.caller,
      }}
    >
      <Shell caller={signedIn.caller} onSignOut={signOut} />
    </SessionContext.Provider>
  );
}

function Shell({ caller, onSignOut }: { caller: Caller; onSignOut: () => void }) {
  const { t, locale, setLocale } = useI18n();
  const route = useRoute();
  const section = `/${route.path.split('/')[1] ?? 'customers'}`;
  return (
    <div className="shell">
      <header className="top">
        <a className="brand" href="#/customers">
          Rapport
        </a>
        <nav aria-label={t('Main')}>
          <ul>
            {navigation.map((item) => (
              <li key={item.path}>
                <a href={`#${item.path}`} aria-current={section === item.path ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <Field label={t('Language')}>
            {(id) => (
              <select
                id={id}
                value={locale}
                onChange={(event) => setLocale(event.target.value as 'en' | 'zh')}
              >
                <option value="en">English</option>
                <option value="zh">中文</option>
              </select>
            )}
          </Field>
          <span className="who" title={caller.actor}>
            {t(roleLabels[caller.role])}
          </span>
          <button type="button" onClick={onSignOut}>
            {t('Sign out')}
          </button>
        </div>
      </header>
      <main>
        <Suspense
          fallback={
            <p className="state" role="status">
              {t('Loading…')}
            </p>
          }
        >
          <Page path={route.path} params={route.params} />
        </Suspense>
      </main>
    </div>
  );
}

function Page({ path, params }: { path: string; params: URLSearchParams }) {
  const customer = /^\/customers\/([^/]+)$/.exec(path);
  if (customer?.[1]) return <CustomerPage id={decodeURIComponent(customer[1])} />;
  const conversation = /^\/inbox(?:\/([^/]+))?$/.exec(path);
  if (conversation)
    return (
      <InboxPage
        conversationId={conversation[1] ? decodeURIComponent(conversation[1]) : undefined}
        params={params}
      />
    );
  if (path === '/segments') return <SegmentsPage />;
  if (path === '/funnel') return <FunnelPage />;
  if (path === '/alerts') return <AlertsPage />;
  if (path === '/campaigns') return <CampaignsPage />;
  if (path === '/duplicates') return <DuplicatesPage />;
  if (path === '/quarantine') return <QuarantinePage />;
  return <CustomersPage params={params} />;
}
