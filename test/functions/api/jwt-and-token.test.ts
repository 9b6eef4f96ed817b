/**
 * Local tokens (functions/adapters/jwt.ts) and `lkg token`.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assertUnitRole,
  bearerToken,
  defaultRole,
  InvalidTokenError,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  loadOrCreateSecret,
  signLocalToken,
  verifyLocalToken,
} from '#adapters/jwt';
import { tokenTimesProblem } from '#domain/token-times';
import { callerFromClaims } from '#functions/api/auth';
import { run } from '#functions/cli/commands/token';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkg-jwt-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the local secret', () => {
  it('is created once (mode 0600) and read back the same', async () => {
    const file = join(dir, 'nested', 'jwt-secret');
    const a = await loadOrCreateSecret(file);
    const b = await loadOrCreateSecret(file);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim().length).toBeGreaterThanOrEqual(32);
  });
});

describe('unit/role pairs', () => {
  it.each([
    ['bureau', 'bureau', true],
    ['changqing', 'unit', true],
    ['changqinghuayuan', 'unit', true],
    ['jidian', 'unit', true],
    ['xiandai', 'unit', true],
    ['bureau', 'unit', false],
    ['changqing', 'bureau', false],
    ['jidian', 'bureau', false],
    ['sme-city', 'unit', false],
    ['district', 'unit', false],
    ['changqing', 'admin', false],
    ['', 'unit', false],
  ])('%s as %s → %s', (unit, role, ok) => {
    if (ok) expect(() => assertUnitRole(unit, role)).not.toThrow();
    else expect(() => assertUnitRole(unit, role)).toThrow(/[\u4e00-\u9fff]/);
  });

  it.each([
    ['bureau', 'bureau'],
    ['changqing', 'unit'],
    ['jidian', 'unit'],
  ])('default role of %s is %s', (unit, role) => {
    expect(defaultRole(unit)).toBe(role);
  });
});

describe('sign and verify', () => {
  it('a signed token verifies and carries the Cognito claim names', async () => {
    const secret = await loadOrCreateSecret(join(dir, 's1'));
    const token = await signLocalToken(secret, { unit: 'changqing' });
    const claims = await verifyLocalToken(secret, token);
    expect(claims).toMatchObject({ 'custom:unit': 'changqing', 'custom:role': 'unit', token_use: 'id' });
  });

  it.each([
    ['expired', 'expired'],
    ['signature', 'signature'],
    ['malformed', 'malformed'],
  ] as const)('%s token → InvalidTokenError(%s)', async (kind, reason) => {
    const secret = await loadOrCreateSecret(join(dir, 's2'));
    const other = await loadOrCreateSecret(join(dir, 's3'));
    const past = Math.floor(Date.now() / 1000) - 100;
    const token =
      kind === 'expired'
        ? await signLocalToken(secret, { unit: 'bureau', issuedAt: past - 10, expiresIn: past })
        : kind === 'signature'
          ? await signLocalToken(other, { unit: 'bureau' })
          : 'abc.def.ghi';
    const error = await verifyLocalToken(secret, token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe(reason);
    expect((error as Error).message).toMatch(/令牌/);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer  abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    [undefined, null],
  ])('bearerToken(%s) → %s', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe('token lifetimes: at most 30 days, iat at most 5 minutes ahead', () => {
  const DAY = 86_400;
  const now = 1_800_000_000;
  // [case, iat (relative to now; null: none), exp (relative to now), refused with]
  const cases: Array<[string, number | null, number, RegExp | null]> = [
    ['7 days from now', 0, 7 * DAY, null],
    ['exactly 30 days', 0, 30 * DAY, null],
    ['30 days and a second', 0, 30 * DAY + 1, /超过 30 天/],
    ['100 years ahead', 0, 36_500 * DAY, /超过 30 天/],
    ['issued 10 days ago, 25 days left (35 days in all)', -10 * DAY, 25 * DAY, /超过 30 天/],
    ['issued 10 days ago, 20 days left', -10 * DAY, 20 * DAY, null],
    ['no iat, exp 30 days from now', null, 30 * DAY, null],
    ['no iat, exp 31 days from now', null, 31 * DAY, /超过 30 天/],
    ['iat exactly 5 minutes ahead', 300, 301 + DAY, null],
    ['iat 5 minutes and a second ahead', 301, 302 + DAY, /晚 6 分钟/],
    ['iat a year ahead', 365 * DAY, 366 * DAY, /晚 365 天/],
  ];

  it.each(cases)('%s', (_case, iat, exp, refused) => {
    const claims = { ...(iat === null ? {} : { iat: now + iat }), exp: now + exp };
    const problem = tokenTimesProblem(claims, now);
    if (refused) expect(problem).toMatch(refused);
    else expect(problem).toBeNull();
    // API Gateway passes the claims as strings: the API handler applies the same rule.
    const strings = Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, String(v)]));
    const call = () =>
      callerFromClaims({ 'custom:unit': 'bureau', 'custom:role': 'bureau', ...strings }, now);
    if (refused) expect(call).toThrow(refused);
    else expect(call()).toEqual({ kind: 'bureau', unit: 'bureau' });
  });

  it.each([
    ['a 100-year token', 0, 36_500 * DAY],
    ['iat a year ahead', 365 * DAY, 366 * DAY],
  ])('the local verifier refuses %s (reason lifetime)', async (_case, iat, exp) => {
    const secret = await loadOrCreateSecret(join(dir, 's-life'));
    const t = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ 'custom:unit': 'bureau', 'custom:role': 'bureau', token_use: 'id' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(t + iat)
      .setExpirationTime(t + exp)
      .sign(secret);
    const error = await verifyLocalToken(secret, token).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).reason).toBe('lifetime');
  });

  it('signLocalToken refuses to issue a token of 31 days', async () => {
    const secret = await loadOrCreateSecret(join(dir, 's-life'));
    await expect(signLocalToken(secret, { unit: 'bureau', expiresIn: '31d' })).rejects.toThrow(/超过 30 天/);
    await expect(signLocalToken(secret, { unit: 'bureau', expiresIn: '30d' })).resolves.toBeTruthy();
  });
});

describe('lkg token', () => {
  async function capture(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
    const error = vi.spyOn(console, 'error').mockImplementation((s: string) => void err.push(s));
    try {
      const code = await run(args);
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  it.each([
    [['--unit', 'bureau'], 'bureau', 'bureau'],
    [['--unit', 'changqing'], 'changqing', 'unit'],
    [['--unit=jidian', '--role=unit'], 'jidian', 'unit'],
    [['--unit', 'bureau', '--expires', '2h'], 'bureau', 'bureau'],
  ])('%j prints a token for %s as %s', async (args, unit, role) => {
    const file = join(dir, 'cli-secret');
    const { code, out } = await capture([...args, '--secret-file', file]);
    expect(code).toBe(0);
    expect(decodeJwt(out.trim())).toMatchObject({ 'custom:unit': unit, 'custom:role': role });
    await expect(verifyLocalToken(await loadOrCreateSecret(file), out.trim())).resolves.toBeTruthy();
  });

  it.each([
    [['--unit', 'changqing', '--role', 'bureau'], /bureau/],
    [['--unit', 'bureau', '--role', 'unit'], /bureau/],
    [['--unit', 'nowhere'], /不是街道或产业办/],
    [[], /缺少 --unit/],
    [['--unit'], /缺少取值/],
    [['--colour', 'red'], /未知参数/],
    [['--unit', 'bureau', '--expires', 'never'], /令牌必须有有效期/],
    [['--unit', 'bureau', '--expires', '0.5x'], /应为正的时长/],
    [['--unit', 'bureau', '--expires', '31d'], /超过 30 天/],
    [['--unit', 'bureau', '--expires', '100w'], /超过 30 天/],
  ])('%j is refused with a Chinese message (exit 2)', async (args, message) => {
    const { code, err } = await capture([...args, '--secret-file', join(dir, 'cli-secret')]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
