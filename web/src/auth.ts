/**
 * Signing in. Locally: pick a unit, `POST /local/token` signs a token (clearly a local
 * convenience). In AWS: Cognito's hosted sign-in with the authorization code and PKCE; the ID
 * token (it carries `custom:unit` and `custom:role`) is what the API's JWT authorizer checks.
 * The session lives in sessionStorage (gone when the tab closes).
 */
import { type ConsoleConfig, config } from './config.ts';

export interface Session {
  token: string;
  unit: string;
  role: 'bureau' | 'unit';
  /** ms since the epoch */
  expiresAt: number;
}

const KEY = 'lkg.session';
const VERIFIER = 'lkg.pkce';

function claimsOf(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function sessionOf(token: string): Session {
  const claims = claimsOf(token);
  const unit = String(claims['custom:unit'] ?? '');
  const role = claims['custom:role'] === 'bureau' ? 'bureau' : 'unit';
  return { token, unit, role, expiresAt: Number(claims.exp ?? 0) * 1000 };
}

export function currentSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  const session = JSON.parse(raw) as Session;
  if (session.expiresAt <= Date.now() + 30_000) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return session;
}

function save(token: string): Session {
  const session = sessionOf(token);
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  const c = config();
  if (c.auth === 'cognito' && c.cognito) {
    const url = new URL(`${hosted(c.cognito.domain)}/logout`);
    url.searchParams.set('client_id', c.cognito.clientId);
    url.searchParams.set('logout_uri', c.cognito.redirectUri);
    location.assign(url.toString());
  }
}

/** Local stack only: a token for the unit. */
export async function signInLocal(unit: string): Promise<Session> {
  const res = await fetch(`${config().apiUrl}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ unit }),
  });
  const body = (await res.json()) as { token?: string; detail?: string };
  if (!res.ok || !body.token) throw new Error(body.detail ?? '登录失败：请重试。');
  return save(body.token);
}

/** The hosted sign-in's base URL: the Cognito domain (`https://` added), or a full URL (tests). */
function hosted(domain: string): string {
  return /^https?:\/\//.test(domain) ? domain.replace(/\/$/, '') : `https://${domain}`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Cognito: goes to the hosted sign-in (authorization code + PKCE S256). */
export async function signInCognito(c: ConsoleConfig): Promise<void> {
  if (!c.cognito) return;
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER, JSON.stringify({ verifier, state }));
  const url = new URL(`${hosted(c.cognito.domain)}/oauth2/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', c.cognito.clientId);
  url.searchParams.set('redirect_uri', c.cognito.redirectUri);
  url.searchParams.set('scope', 'openid email');
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('state', state);
  location.assign(url.toString());
}

/** Cognito: back from the hosted sign-in with `?code=`: exchanges it for the tokens. */
export async function completeCognitoSignIn(c: ConsoleConfig): Promise<Session | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code || !c.cognito) return null;
  const saved = JSON.parse(sessionStorage.getItem(VERIFIER) ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem(VERIFIER);
  history.replaceState(null, '', `${location.pathname}#/`);
  if (!saved.verifier || saved.state !== params.get('state')) throw new Error('登录状态已失效：请重新登录。');
  const res = await fetch(`${hosted(c.cognito.domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: c.cognito.clientId,
      code,
      redirect_uri: c.cognito.redirectUri,
      code_verifier: saved.verifier,
    }),
  });
  const body = (await res.json()) as { id_token?: string };
  if (!res.ok || !body.id_token) throw new Error('登录失败：请重新登录；多次失败请联系区商务局。');
  return save(body.id_token);
}
