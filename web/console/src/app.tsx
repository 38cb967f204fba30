import { useEffect, useRef, useState } from 'preact/hooks';
import { signOutOfHostedUi } from './auth/hosted-ui.ts';
import { currentLanguage, setLanguage, t } from './i18n.ts';
import { roleLabel } from './labels.ts';
import { matchRoute, useHash } from './router.ts';
import { pages } from './routes.ts';
import { consoleConfig, currentSession, endSession, type Session } from './session.ts';
import { SignIn } from './sign-in.tsx';

/** The path of a hash (`#/complaints/1?task=2` -> `/complaints/1`). */
const pathOf = (hash: string) => hash.replace(/^#/, '').split('?')[0] || '/';

/**
 * Moves focus to the page's heading when the page (not just its query) changes, so keyboard and
 * screen-reader users start at the top of the new page; not on the first load.
 */
function useFocusHeadingOnNavigation(path: string) {
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (previous.current !== undefined && previous.current !== path) {
      requestAnimationFrame(() => {
        const heading = document.querySelector<HTMLElement>('main h1');
        if (!heading) return;
        if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
        heading.focus();
      });
    }
    previous.current = path;
  }, [path]);
}

/** The shell: skip link, header with navigation, language switch and sign-out, then the page the hash names. */
export function App({ signInError }: { signInError?: string }) {
  const [session, setSession] = useState<Session | undefined>(currentSession());
  const [language, setLanguageState] = useState(currentLanguage());
  const hash = useHash();
  const path = pathOf(hash);
  useFocusHeadingOnNavigation(path);

  const match = session ? matchRoute(pages, hash || '#/') : undefined;
  const navigation = session
    ? pages.filter((page) => page.nav?.some((role) => session.roles.includes(role)))
    : [];
  const home = navigation[0];

  // `#/` opens the first page of the caller's menu: the queue for those with tasks. The live hash
  // is checked, not this render's: the effect runs a frame later, and a link followed in between
  // must not be replaced by the start page.
  useEffect(() => {
    if (session && home && pathOf(location.hash) === '/') location.replace(`#${home.path}`);
  }, [session, path, home]);

  useEffect(() => {
    document.title = match ? `${t(match.page.title)} · ${t('console.title')}` : t('console.title');
  });

  const switchLanguage = () => {
    const next = language === 'en' ? 'zh-CN' : 'en';
    setLanguage(next);
    setLanguageState(next);
  };
  const signOut = () => {
    endSession();
    const config = consoleConfig();
    if (config.auth.kind === 'cognito') signOutOfHostedUi(config.auth);
    else setSession(undefined);
  };
  // A button, not a link to `#main`: the hash is the router's. It moves focus past the header.
  const skipToContent = () => document.getElementById('main')?.focus();

  return (
    <>
      <button type="button" class="skip-link" onClick={skipToContent}>
        {t('console.skipToContent')}
      </button>
      <header class="console-header">
        <a class="brand" href="#/">
          {t('console.title')}
        </a>
        {session ? (
          <nav aria-label={t('console.navigation')}>
            <ul>
              {navigation.map((page) => (
                <li key={page.path}>
                  <a
                    href={`#${page.path}`}
                    aria-current={path === page.path || path.startsWith(`${page.path}/`) ? 'page' : undefined}
                  >
                    {t(page.title)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="header-tools">
          {session ? (
            <span class="who" data-testid="signed-in-as">
              {session.email ?? session.sub}
              <span class="muted">
                {' · '}
                {session.roles.map(roleLabel).join(t('console.listSeparator'))}
                {session.officeId ? ` · ${session.officeId}` : ''}
                {session.departmentId ? ` · ${session.departmentId}` : ''}
              </span>
            </span>
          ) : null}
          <button
            type="button"
            class="secondary lang-switch"
            lang={language === 'en' ? 'zh-CN' : 'en'}
            onClick={switchLanguage}
          >
            {t('console.otherLanguage')}
          </button>
          {session ? (
            <button type="button" class="secondary" onClick={signOut}>
              {t('console.signOut')}
            </button>
          ) : null}
        </div>
      </header>
      {session ? (
        <main id="main" tabIndex={-1} key={language}>
          {match ? (
            <match.page.component key={path} params={match.params} query={match.query} />
          ) : path === '/' && !home ? (
            <>
              <h1 tabIndex={-1}>{t('console.title')}</h1>
              <p>{t('console.noPages')}</p>
            </>
          ) : path === '/' ? null : (
            <>
              <h1 tabIndex={-1}>{t('console.notFound')}</h1>
              {home ? (
                <p>
                  <a href={`#${home.path}`}>{t(home.title)}</a>
                </p>
              ) : null}
            </>
          )}
        </main>
      ) : (
        <SignIn key={language} onSignedIn={setSession} {...(signInError ? { error: signInError } : {})} />
      )}
    </>
  );
}
