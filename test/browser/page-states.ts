/**
 * The page states the browser tests visit: every page of the console (web/src/pages.ts) in every
 * role that may open it, and the states of no page (signed out, not found). Each state is visited
 * at 1280 × 800 and 390 × 844 (axe, the text scan for words not for people, the phone's columns).
 * test/web/pages.test.ts fails when a page or a role is missing here.
 */
import type { ConsoleRole } from '../../web/src/pages.ts';
import { NEW_KEY } from '../support/console-fixtures.ts';

/** An enterprise of 慈惠街 (not 长青街's). */
export const OTHER_KEY = '91420112MA83G07L8M';

export interface PageState {
  /** What the test names it. */
  name: string;
  /** The console page (a route of web/src/pages.ts), `sign-in` or `not-found`. */
  route: string;
  role: ConsoleRole;
  /** Where to go after signing in. */
  hash: string;
  /** A link to follow from there (a page reached by a click, e.g. one import). */
  follow?: string;
  /** An element the loaded page shows. */
  ready: string;
}

const LIST = '.table-wrap, p.empty';

export const PAGE_STATES: readonly PageState[] = [
  { name: 'sign-in', route: 'sign-in', role: 'unit', hash: '#/', ready: 'h1' },
  { name: '首页', route: '', role: 'unit', hash: '#/', ready: 'table tbody tr' },
  {
    name: '全区首页',
    route: '',
    role: 'bureau',
    hash: '#/',
    ready: 'section[aria-labelledby="ind-title"] tbody tr',
  },
  {
    name: '单位首页',
    route: 'units/{unit}',
    role: 'bureau',
    hash: '#/units/changqing',
    ready: 'table tbody tr',
  },
  { name: '企业', route: 'enterprises', role: 'unit', hash: '#/enterprises', ready: 'table' },
  {
    name: '企业（区商务局）',
    route: 'enterprises',
    role: 'bureau',
    hash: '#/enterprises?unit=jinyinhu',
    ready: 'table',
  },
  {
    name: '企业详情',
    route: 'enterprises/{key}',
    role: 'unit',
    hash: `#/enterprises/${NEW_KEY}`,
    ready: '.clause',
  },
  {
    name: '企业详情（区商务局）',
    route: 'enterprises/{key}',
    role: 'bureau',
    hash: `#/enterprises/${OTHER_KEY}`,
    ready: '.clause',
  },
  { name: '上传前检查', route: 'check', role: 'unit', hash: '#/check', ready: '.dropzone' },
  { name: '上传前检查（区商务局）', route: 'check', role: 'bureau', hash: '#/check', ready: '.dropzone' },
  { name: '上传台账', route: 'upload', role: 'unit', hash: '#/upload', ready: '.dropzone' },
  { name: '上传台账（区商务局）', route: 'upload', role: 'bureau', hash: '#/upload', ready: '.dropzone' },
  { name: '导入记录', route: 'imports', role: 'unit', hash: '#/imports', ready: 'table' },
  { name: '导入记录（区商务局）', route: 'imports', role: 'bureau', hash: '#/imports', ready: 'table' },
  {
    name: '导入详情',
    route: 'imports/{id}',
    role: 'unit',
    hash: '#/imports',
    follow: 'table tbody a',
    ready: 'dl.facts',
  },
  {
    name: '导入详情（区商务局）',
    route: 'imports/{id}',
    role: 'bureau',
    hash: '#/imports',
    follow: 'table tbody a',
    ready: 'dl.facts',
  },
  { name: '月报', route: 'report', role: 'unit', hash: '#/report', ready: 'table' },
  { name: '全区月报', route: 'report', role: 'bureau', hash: '#/report', ready: 'table' },
  { name: '划转确认', route: 'transfers', role: 'unit', hash: '#/transfers', ready: LIST },
  { name: '划转确认（区商务局）', route: 'transfers', role: 'bureau', hash: '#/transfers', ready: LIST },
  { name: '争议与决定（单位）', route: 'decisions', role: 'unit', hash: '#/decisions', ready: LIST },
  { name: '争议与决定', route: 'decisions', role: 'bureau', hash: '#/decisions', ready: 'form' },
  {
    name: '名单（单位未报）',
    route: 'lists/{unit}/{name}',
    role: 'unit',
    hash: '#/lists/changqing/notReported',
    ready: LIST,
  },
  {
    name: '名单',
    route: 'lists/{unit}/{name}',
    role: 'bureau',
    hash: '#/lists/district/transfersIn',
    ready: LIST,
  },
  {
    name: '名单（全区未报）',
    route: 'lists/{unit}/{name}',
    role: 'bureau',
    hash: '#/lists/district/notReported',
    ready: LIST,
  },
  { name: '全区概览', route: 'overview', role: 'bureau', hash: '#/overview', ready: 'table' },
  { name: '发布月报', route: 'publish', role: 'bureau', hash: '#/publish', ready: 'table' },
  { name: '未找到', route: 'not-found', role: 'unit', hash: `#/enterprises/${OTHER_KEY}`, ready: '.notice' },
  { name: '未找到（区商务局）', route: 'not-found', role: 'bureau', hash: '#/nowhere', ready: '.notice' },
  {
    name: '全区页面（单位无权查看）',
    route: 'not-found',
    role: 'unit',
    hash: '#/overview',
    ready: '.notice',
  },
];
