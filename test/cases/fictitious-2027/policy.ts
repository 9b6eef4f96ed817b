/**
 * A fictitious second policy version for the tests (docs/policy.md "Adding a policy version"):
 * `policy.json` is policy 2020-1 in the policy schema plus one new clause, `3.1.zongbao-2`
 * (综保区二期项目整体划转走马岭街), a whole move and its rule, in force from 2027-01-01. It is read
 * exactly as a bureau's draft file would be: `parsePolicy(JSON.parse(text))`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { POLICIES, type Policy, parsePolicy, policySet } from '#domain/policy/index';

/** The fictitious policy `2027-test`, from 2027-01-01. */
export const POLICY_2027_TEST: Policy = parsePolicy(
  JSON.parse(readFileSync(new URL('./policy.json', import.meta.url), 'utf8')),
);

/** The policies in force plus the fictitious one: 2020-1 until 2026-12, 2027-test from 2027-01. */
export const WITH_2027: readonly Policy[] = policySet([...POLICIES, POLICY_2027_TEST]);

/** The new clause. */
export const NEW_CLAUSE = '3.1.zongbao-2';
