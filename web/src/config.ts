/**
 * The console's configuration (`/config.json`, written by the local stack or by the CDK
 * deployment beside the files): how people sign in and where the API is.
 */
export interface UnitOption {
  id: string;
  name: string;
  kind: 'bureau' | 'street' | 'office';
}

export interface ConsoleConfig {
  auth: 'local' | 'cognito';
  /** The API's base URL ('' = this origin, as on the local stack). */
  apiUrl: string;
  cognito?: { domain: string; clientId: string; redirectUri: string };
  units: UnitOption[];
}

let loaded: ConsoleConfig | null = null;

export async function loadConfig(): Promise<ConsoleConfig> {
  if (loaded) return loaded;
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error('无法读取控制台配置（/config.json）：请刷新页面，或联系运维人员。');
  loaded = (await res.json()) as ConsoleConfig;
  return loaded;
}

export function config(): ConsoleConfig {
  if (!loaded) throw new Error('config not loaded');
  return loaded;
}

export function unitName(id: string | null | undefined): string {
  if (!id) return '—';
  return loaded?.units.find((u) => u.id === id)?.name ?? id;
}
