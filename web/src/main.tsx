/**
 * The console: loads its config, restores the session (or completes a Cognito sign-in), and
 * shows the page of the hash route inside the frame (skip link, navigation by role, the
 * signed-in unit, sign-out). Every page says what is wrong and what to do, in Chinese.
 */
import './style.css';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { whenPendingImport, whenUnauthorized } from './api.ts';
import { completeCognitoSignIn, currentSession, type Session, signOut } from './auth.ts';
import { config, loadConfig, unitName } from './config.ts';
import { beijingTime } from './format.ts';
import { lazyPage, preloadPages } from './lazy.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { SignInPage } from './pages/signin.tsx';
import { CONSOLE_PAGES } from './pages.ts';
import { type Route, useRoute } from './router.ts';

// The home and sign-in pages are in the first script; the others load on first use (and are
// fetched in the background once signed in), so the first script stays small.
const CheckPage = lazyPage(() => import('./pages/check.tsx').then((m) => m.CheckPage));
const DecisionsPage = lazyPage(() => import('./pages/decisions.tsx').then((m) => m.DecisionsPage));
const EnterprisePage = lazyPage(() => import('./pages/enterprise.tsx').then((m) => m.EnterprisePage));
const EnterprisesPage = lazyPage(() => import('./pages/enterprises.tsx').then((m) => m.EnterprisesPage));
const ImportPage = lazyPage(() => import('./pages/imports.tsx').then((m) => m.ImportPage));
const ListPageView = lazyPage(() => import('./pages/lists.tsx').then((m) => m.ListPageView));
const ImportsPage = lazyPage(() => import('./pages/imports.tsx').then((m) => m.ImportsPage));
const OverviewPage = lazyPage(() => import('./pages/overview.tsx').then((m) => m.OverviewPage));
const PublishPage = lazyPage(() => import('./pages/publish.tsx').then((m) => m.PublishPage));
const ReportPage = lazyPage(() => import('./pages/report.tsx').then((m) => m.ReportPage));
const TransfersPage = lazyPage(() => import('./pages/transfers.tsx').then((m) => m.TransfersPage));
const UploadPage = lazyPage(() => import('./pages/upload.tsx').then((m) => m.UploadPage));

interface NavItem {
  path: string;
  label: string;
  bureauOnly?: boolean;
}

const NAV: NavItem[] = CONSOLE_PAGES.filter((p) => p.nav).map((p) => ({
  path: p.route,
  label: p.title,
  bureauOnly: !p.roles.includes('unit'),
}));

function pageOf(route: Route, session: Session) {
  const [first, second, third] = route.parts;
  const bureau = session.role === 'bureau';
  switch (first ?? '') {
    case '':
      return <HomePage session={session} unit={bureau ? null : session.unit} />;
    case 'units':
      return second && bureau ? <HomePage session={session} unit={second} /> : <NotFoundPage />;
    case 'enterprises':
      return second ? (
        <EnterprisePage enterpriseKey={second} month={route.query.get('month')} />
      ) : (
        <EnterprisesPage session={session} route={route} />
      );
    case 'upload':
      return <UploadPage session={session} />;
    case 'check':
      return <CheckPage session={session} />;
    case 'imports':
      return second ? <ImportPage id={second} /> : <ImportsPage />;
    case 'report':
      return <ReportPage session={session} month={route.query.get('month')} />;
    case 'transfers':
      return (
        <TransfersPage
          session={session}
          month={route.query.get('month')}
          status={route.query.get('status')}
        />
      );
    case 'decisions':
      return <DecisionsPage session={session} />;
    case 'lists':
      return second && third ? (
        <ListPageView unit={second} name={third} month={route.query.get('month')} />
      ) : (
        <NotFoundPage />
      );
    case 'overview':
      return bureau ? <OverviewPage month={route.query.get('month')} /> : <NotFoundPage />;
    case 'publish':
      return bureau ? <PublishPage month={route.query.get('month')} /> : <NotFoundPage />;
    default:
      return <NotFoundPage />;
  }
}

function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(() => currentSession());
  const main = useRef<HTMLElement>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    whenPendingImport(setPending);
    whenUnauthorized(() => {
      sessionStorage.removeItem('lkg.session');
      setSession(null);
    });
  }, []);
  // a new page: focus its heading so screen readers announce it
  useEffect(() => {
    const heading = main.current?.querySelector<HTMLElement>('h1');
    if (heading && document.activeElement !== document.body) heading.focus();
  }, [route]);

  useEffect(() => {
    if (session) preloadPages();
  }, [session]);

  if (!session) return <SignInPage onSignedIn={setSession} />;
  const current = route.parts[0] ?? '';
  const items = NAV.filter((n) => !n.bureauOnly || session.role === 'bureau');
  const local = config().auth === 'local';
  return (
    <div class="frame">
      <button type="button" class="skip" onClick={() => main.current?.focus()}>
        跳到正文
      </button>
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            临
          </span>
          <span>临空港经开区 企业服务属地管理</span>
          {local ? <span class="badge">本地环境</span> : null}
        </div>
        <div class="who">
          <span>
            当前单位：<strong>{unitName(session.unit)}</strong>
          </span>
          <button
            type="button"
            class="link"
            onClick={() => {
              signOut();
              setSession(null);
            }}
          >
            退出登录
          </button>
        </div>
      </header>
      <nav class={`nav${menuOpen ? ' open' : ''}`} aria-label="主导航">
        {/* On a phone the items are a menu (the button shows only there, style.css) */}
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen}
          aria-controls="nav-items"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          菜单：{items.find((n) => n.path === current)?.label ?? '其他页面'}
        </button>
        <ul id="nav-items">
          {items.map((n) => (
            <li>
              <a
                href={`#/${n.path}`}
                aria-current={current === n.path ? 'page' : undefined}
                onClick={() => setMenuOpen(false)}
              >
                {n.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {pending ? (
        <p class="pending" role="status">
          有一个导入正在写入数据（开始于 {beijingTime(/startedAt=(\S+)/.exec(pending)?.[1])}
          ）：完成前页面上的数字可能尚未更新，稍后刷新即可。
        </p>
      ) : null}
      <main id="main" ref={main} tabIndex={-1}>
        {pageOf(route, session)}
      </main>
      <footer class="foot">时间均为北京时间 · 依据《武临开办〔2020〕1号》</footer>
    </div>
  );
}

function Fatal(props: { message: string }) {
  return (
    <main id="main" class="fatal">
      <h1>控制台无法启动</h1>
      <p role="alert">{props.message}</p>
    </main>
  );
}

async function start(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  try {
    const c = await loadConfig();
    if (c.auth === 'cognito') await completeCognitoSignIn(c);
    render(<App />, root);
  } catch (error) {
    render(<Fatal message={error instanceof Error ? error.message : String(error)} />, root);
  }
}

void start();
