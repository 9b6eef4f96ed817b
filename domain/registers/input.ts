/**
 * A register record from a JSON object (the HTTP what-if, `POST /assess`): docs/registers.md field
 * names as English keys; values as ids (`built`, `changqing`, `boe`, `expansion`) or as a
 * register cell would hold them (已建成投产, 长青街道, 京东方产业链, 扩产; a 重大项目 the policy does not list is kept as
 * written, with W_KEY_PROJECT_UNLISTED). The same field
 * parsers as the workbook checks; findings have `sheet`/`row` null and `column` = the field name.
 *
 * @module
 */
import { type KeyProjectName, listedKeyProject } from '../key-projects.ts';
import type { Cell, Finding, Month, RegisterRecord, Severity } from '../types.ts';
import { unitName } from '../units.ts';
import { REGISTER_HEADERS } from './columns.ts';
import {
  booleanField,
  dateField,
  keyProjectField,
  keyProjectUnlistedMessage,
  monthField,
  movementField,
  nameField,
  REGISTER_KEY_PROJECTS,
  type Report,
  recruiterField,
  STREET_CHOICES,
  stageField,
  streetField,
  textField,
  usccField,
  zoneField,
} from './fields.ts';
import { RECORD_FIELDS, recordAsRead } from './merge.ts';
import { cellValueAsRead } from './text.ts';
import { checkUscc } from './values.ts';

/**
 * The keys {@link recordFromInput} reads: the record's fields ({@link RECORD_FIELDS}); `key` is
 * accepted as uscc or projectCode.
 */
export const INPUT_FIELDS: readonly (keyof RegisterRecord)[] = RECORD_FIELDS;
const KNOWN = new Set<string>(INPUT_FIELDS);

/**
 * How messages name a field: its Chinese header, never the JSON key (the finding's `column`
 * keeps the key for programs).
 */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  ...REGISTER_HEADERS,
  key: '统一社会信用代码或项目编号',
  month: '报送月份',
};
const labelOf = (name: string): string => FIELD_LABELS[name] ?? name;

function toCell(value: unknown): Cell | 'bad' {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return { t: 'text', v: value };
  if (typeof value === 'number') return Number.isFinite(value) ? { t: 'number', v: value } : 'bad';
  if (typeof value === 'boolean') return { t: 'boolean', v: value };
  return 'bad';
}

/**
 * Reads one record for a what-if assessment. Never throws for bad input: every problem is a
 * finding, and `record` is null when any is an error.
 *
 * @param month the 报送月份 to use when the input has no `month`
 * @param options.keyProjects the key projects of the policy the caller applies: a 重大项目
 *   naming none of them is kept as written with W_KEY_PROJECT_UNLISTED (default: the register's
 *   own, 京东方 and 康宁)
 */
export function recordFromInput(
  input: Record<string, unknown>,
  month: Month,
  options: { keyProjects?: readonly KeyProjectName[] } = {},
): { record: RegisterRecord | null; findings: Finding[] } {
  const findings: Finding[] = [];
  let errors = 0;
  let field = '';
  let cell: Cell | undefined;
  const report: Report = (code: string, severity: Severity, message: string) => {
    if (severity === 'error') errors++;
    findings.push({
      code,
      severity,
      sheet: null,
      row: null,
      column: field,
      value: cellValueAsRead(cell),
      message,
    });
  };
  const has = (name: string) => Object.hasOwn(input, name) && input[name] !== undefined;
  /** Points findings at a field (for the checks across fields). */
  const at = (name: string): void => {
    field = name;
    const c = has(name) ? toCell(input[name]) : null;
    cell = c === 'bad' ? undefined : c;
  };
  /** Runs a field parser, unless the value has a JSON type no cell can hold (E_FIELD_TYPE). */
  function read<T>(name: string, parse: (c: Cell | undefined, label: string, r: Report) => T): T | undefined {
    field = name;
    const c = has(name) ? toCell(input[name]) : null;
    if (c === 'bad') {
      cell = { t: 'text', v: JSON.stringify(input[name]) ?? String(input[name]) };
      report(
        'E_FIELD_TYPE',
        'error',
        `「${labelOf(name)}」的值不是文本、数字或布尔值；应填写文本，如“长青街”。`,
      );
      return undefined;
    }
    cell = c;
    return parse(c, labelOf(name), report);
  }

  for (const name of Object.keys(input)) {
    if (KNOWN.has(name)) continue;
    field = name;
    cell = undefined;
    report(
      'W_FIELD_IGNORED',
      'warning',
      `“${name}”不是台账字段，已忽略；可用的字段：${INPUT_FIELDS.map((f) => `${f}（${labelOf(f)}）`).join('、')}。`,
    );
  }

  let uscc = read('uscc', usccField) ?? null;
  let projectCode = read('projectCode', (c, l, r) => textField(c, l, r, 40)) ?? null;
  if (uscc == null && projectCode == null && has('key')) {
    const key = read('key', (c, l, r) => textField(c, l, r, 40));
    if (key != null) {
      if (checkUscc(key).format) uscc = read('key', usccField) ?? null;
      else projectCode = key;
    }
  }
  const key = uscc ?? projectCode;
  if (key == null && errors === 0) {
    field = 'uscc';
    cell = undefined;
    report('E_KEY_MISSING', 'error', '没有统一社会信用代码，也没有项目编号；请至少填写其中一项。');
  }
  const name = read('name', (c, l, r) => nameField(c, l, r, 200));
  if (name === null)
    report('E_NAME_MISSING', 'error', '「企业（项目）名称」未填写；请填写企业或项目的全称。');
  const stage = read('stage', stageField);
  const recruiter = read('recruiter', recruiterField);
  const street = read('street', streetField);
  if (street === null) report('E_STREET_MISSING', 'error', `「所在街道」未填写；可填写：${STREET_CHOICES}。`);
  const statStreet = read('statStreet', streetField);
  const zone = read('zone', zoneField);
  const keyProject = read('keyProject', keyProjectField);
  const listed = options.keyProjects ?? REGISTER_KEY_PROJECTS;
  if (keyProject != null && !listedKeyProject(listed, keyProject))
    report(
      'W_KEY_PROJECT_UNLISTED',
      'warning',
      keyProjectUnlistedMessage(labelOf('keyProject'), [`“${keyProject}”`], listed),
    );
  const movement = read('movement', movementField);
  const originStreet = read('originStreet', streetField);
  const aboveScale = read('aboveScale', booleanField);
  const category = read('category', (c, l, r) => textField(c, l, r, 200));
  const completedOn = read('completedOn', dateField);
  const recordMonth = has('month') ? read('month', monthField) : month;
  const note = read('note', (c, l, r) => textField(c, l, r, 2000));

  if (movement != null && originStreet === null) {
    at('originStreet');
    report(
      'E_ORIGIN_MISSING',
      'error',
      `「扩产搬迁」为“${movement === 'expansion' ? '扩产' : '搬迁'}”，但「原所在街道」未填写；请填写扩产或搬迁前所在的街道：${STREET_CHOICES}。`,
    );
  }
  if (zone?.liesIn && street && zone.liesIn !== street) {
    at('zone');
    report(
      'E_ZONE_STREET',
      'error',
      `「所在园区」为“${zone.name}”，它位于${unitName(zone.liesIn)}，但「所在街道」为${unitName(street)}，自相矛盾；请将所在街道改为${unitName(zone.liesIn)}，或改正所在园区。`,
    );
  }
  if (errors > 0 || key == null || name == null || stage == null || street == null) {
    return { record: null, findings };
  }
  return {
    record: recordAsRead({
      key,
      uscc,
      projectCode,
      name,
      stage,
      recruiter,
      street,
      statStreet,
      zone: zone?.id,
      keyProject,
      movement,
      originStreet,
      aboveScale,
      category,
      completedOn,
      month: recordMonth ?? month,
      note,
    }),
    findings,
  };
}
