/**
 * Local tokens (functions/adapters/jwt.ts) and `lkg token`.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  assertUnitRole,
  bearerToken,
  defaultRole,
  InvalidTokenError,
  loadOrCreateSecret,
  signLocalToken,
  verifyLocalToken,
} from '#adapters/jwt';
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
  ])('%j is refused with a Chinese message (exit 2)', async (args, message) => {
    const { code, err } = await capture([...args, '--secret-file', join(dir, 'cli-secret')]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
