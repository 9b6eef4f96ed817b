/**
 * 重大项目 (notice 三（一）): the register records the project as it names it; a policy lists its
 * key projects (`keyProjects`: id and name) and decides for the records that name one of them.
 * This module is the one place where a record's `keyProject` is matched to a listed project —
 * the rule `keyProject` (domain/assess.ts) and the register's W_KEY_PROJECT_UNLISTED both use it.
 *
 * @module
 */
import type { KeyProjectInfo, Policy } from './policy/schema.ts';
import { compact } from './registers/text.ts';

/** A listed key project as far as a record names it: its id and its Chinese name. */
export type KeyProjectName = Pick<KeyProjectInfo, 'id' | 'name'>;

/**
 * True when a record's `keyProject` names this project: its id (`boe`, what the register's
 * known forms 京东方产业链 … are read as) or its name, compared compact (full-width → half-width,
 * white space removed: `天 马` names 天马).
 */
export function namesKeyProject(project: KeyProjectName, value: string): boolean {
  return value === project.id || compact(value) === compact(project.name);
}

/** The listed project a record's `keyProject` names, if any. */
export function listedKeyProject<T extends KeyProjectName>(
  projects: readonly T[],
  value: string | null,
): T | undefined {
  if (value == null) return undefined;
  return projects.find((p) => namesKeyProject(p, value));
}

/**
 * The key projects the policies list, each id once (the first policy's name), in the order of
 * the policies: what a register's 重大项目 is checked against (W_KEY_PROJECT_UNLISTED).
 */
export function listedKeyProjects(policies: readonly Pick<Policy, 'keyProjects'>[]): KeyProjectName[] {
  const out = new Map<string, KeyProjectName>();
  for (const policy of policies)
    for (const p of policy.keyProjects) if (!out.has(p.id)) out.set(p.id, { id: p.id, name: p.name });
  return [...out.values()];
}
