/**
 * Registers a street uploads through the console in the browser tests and screenshots: one
 * with an error (an unknown 项目状态 in row 2, column D) and the same file fixed. The new project is in
 * 长青街 and recruited by 长青街, so it is the street's to add.
 *
 * @module
 */
import { REGISTER_COLUMNS } from '#domain/registers/index';
import { type Rows, workbookBytes } from './workbooks.ts';

/** The new project's USCC (check character computed with domain/registers/values.ts). */
export const NEW_KEY = '91420112MA4CQWEB02';
export const NEW_NAME = '武汉长青控制台测试科技有限公司';

const HEADER = REGISTER_COLUMNS.map((c) => c.header);

function register(stage: string): Uint8Array {
  const rows: Rows = [
    HEADER,
    [
      NEW_KEY,
      null,
      NEW_NAME,
      stage,
      '长青街',
      '长青街',
      null,
      null,
      null,
      null,
      null,
      '否',
      '新材料',
      null,
      '2026-10',
      null,
    ],
  ];
  return workbookBytes({ 企业项目台账: rows });
}

/** Row 2, column D 项目状态: “待定” is not a stage (E_STAGE_UNKNOWN; 在建 is). */
export function registerWithError(): Uint8Array {
  return register('待定');
}

export function registerFixed(): Uint8Array {
  return register('在建');
}
