/**
 * Every page of the console as data: its hash route, its title, who may open it, and whether
 * the navigation lists it. The navigation is derived from it; the browser tests check that
 * every page is visited in every role that may open it (test/web/pages.test.ts).
 *
 * @module
 */

/** Who is signed in: a street or an office (`unit`), or the bureau. */
export type ConsoleRole = 'unit' | 'bureau';

export interface ConsolePage {
  /** The hash route after `#/`, parameters in braces (`enterprises/{key}`). */
  route: string;
  title: string;
  roles: readonly ConsoleRole[];
  /** Listed in the navigation. */
  nav?: boolean;
}

const BOTH: readonly ConsoleRole[] = ['unit', 'bureau'];
const BUREAU: readonly ConsoleRole[] = ['bureau'];

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  { route: '', title: '首页', roles: BOTH, nav: true },
  { route: 'units/{unit}', title: '单位首页', roles: BUREAU },
  { route: 'enterprises', title: '企业', roles: BOTH, nav: true },
  { route: 'enterprises/{key}', title: '企业详情', roles: BOTH },
  { route: 'check', title: '上传前检查', roles: BOTH, nav: true },
  { route: 'upload', title: '上传台账', roles: BOTH, nav: true },
  { route: 'imports', title: '导入记录', roles: BOTH, nav: true },
  { route: 'imports/{id}', title: '导入详情', roles: BOTH },
  { route: 'report', title: '月报', roles: BOTH, nav: true },
  { route: 'transfers', title: '划转确认', roles: BOTH, nav: true },
  { route: 'decisions', title: '争议与决定', roles: BOTH, nav: true },
  { route: 'lists/{unit}/{name}', title: '名单', roles: BOTH },
  { route: 'overview', title: '全区概览', roles: BUREAU, nav: true },
  { route: 'publish', title: '发布月报', roles: BUREAU, nav: true },
];
