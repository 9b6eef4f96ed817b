/**
 * `lkg assess`: exit codes (0 clean, 2 workbook errors incl. file-level, 1 program failure),
 * the JSON document (rows with errors left out, every finding listed), the Chinese table in 80
 * columns, and the month (register month, --month, policy not in force).
 */
import { describe, expect, it } from 'vitest';
import type { AssessmentDocument } from '#domain/assessment-document';
import { chinaMonth } from '#domain/months';
import { writeJson } from '#functions/cli/commands/assess';
import { displayWidth } from '#functions/cli/format';
import { uscc } from '../../corpus/build.ts';
import { REGISTER_HEADERS, REGISTER_ROWS, runLkg, tempDir, tempFile } from '../../hostile/support.ts';
import { examplePath } from '../../support/workbooks.ts';

const EXAMPLE = examplePath();

function csv(rows: string[][]): string {
  return rows.map((r) => r.join(',')).join('\r\n');
}

describe('exit codes', () => {
  it.each([
    ['no file given', [], 1, '缺少要检查的文件'],
    ['a file that does not exist', ['/nonexistent/台账.xlsx'], 1, '找不到文件'],
    ['a directory', ['DIR'], 1, '是一个目录'],
    ['a malformed --month', [EXAMPLE, '--month', '2026-13'], 1, '格式不正确'],
    ['--month without a value', [EXAMPLE, '--month'], 1, '缺少月份'],
    ['a month before the policy', [EXAMPLE, '--month', '2019-12'], 1, '没有生效的政策'],
    ['an unknown option', [EXAMPLE, '--frobnicate'], 1, '不认识的参数'],
  ])('%s → exit %s', async (_label, args, code, words) => {
    const dir = tempDir();
    const run = await runLkg(['assess', ...args.map((a) => (a === 'DIR' ? dir : a))]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(words);
    expect(run.stdout).toBe('');
  });

  it('a clean workbook → 0', async () => {
    expect((await runLkg(['assess', EXAMPLE])).code).toBe(0);
  });

  it('warnings only → 0', async () => {
    const path = tempFile(
      '2026-10-台账.csv',
      csv([[...REGISTER_HEADERS, '其他'], ...REGISTER_ROWS.map((r) => [...r, 'x'])]),
    );
    const run = await runLkg(['assess', path, '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as AssessmentDocument;
    // Rows of two streets: a street's upload would be refused, the bureau's not.
    expect(doc.findings.map((f) => f.code)).toEqual(['W_COLUMN_IGNORED', 'W_UPLOADER_DEPENDS']);
    expect(doc.findings[1]?.message).toContain('--unit');
    expect(doc.assignments).toHaveLength(2);
  });
});

describe('a workbook with errors', () => {
  const rows = [
    REGISTER_HEADERS,
    REGISTER_ROWS[0] as string[],
    ['91440300708461136T', '武汉柏泉新能源电池有限公司', '已建成投产', '机电产业办', '长清街', '2026-10'],
    ['P-001', '武汉某某项目', '谈判中', '', '径河街', '2026-10'],
  ];
  const path = tempFile('2026-10-台账.csv', csv(rows));

  it('--json: exit 2, every finding listed with its place, rows with errors left out', async () => {
    const run = await runLkg(['assess', path, '--json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as AssessmentDocument;
    expect(doc.month).toBe('2026-10');
    expect(doc.policy).toBe('2020-1');
    expect(doc.assignments.map((a) => a.key)).toEqual(['91350100M000100Y43']);
    const errors = doc.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.code, f.sheet, f.row, f.column])).toEqual([
      ['E_UNKNOWN_UNIT', '2026-10-台账', 3, 'E 所在街道'],
      ['E_USCC_FORMAT', '2026-10-台账', 4, 'A 统一社会信用代码'],
      ['E_STAGE_UNKNOWN', '2026-10-台账', 4, 'C 项目状态'],
    ]);
    for (const f of errors) expect(f.message).toMatch(/[\u4e00-\u9fff]/u);
  });

  it('table: the assignments, then the findings with sheet, row and column, in 80 columns', async () => {
    const run = await runLkg(['assess', path]);
    expect(run.code).toBe(2);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(run.stdout).toContain('武汉径河智能装备');
    // The first line says whether the file can be imported; clauses are cited as people cite them.
    expect(lines[0]).toMatch(/^结论：不能导入。原因：有 3 个错误/u);
    expect(run.stdout).toContain('三（一）板块内');
    expect(run.stdout).not.toContain('3.1.retained');
    expect(run.stdout).toContain('发现 3 个错误');
    expect(run.stdout).toContain('[错误] “2026-10-台账” 第 3 行 E 所在街道 列：');
    expect(run.stdout).toContain('[错误] “2026-10-台账” 第 4 行 C 项目状态 列：');
  });
});

describe('the month', () => {
  it('--month assesses another month: a record completed later is still building', async () => {
    const rows = [
      [...REGISTER_HEADERS, '建成投产日期'],
      [
        '91350100M000100Y43',
        '武汉径河智能装备制造有限公司',
        '已建成投产',
        '机电产业办',
        '柏泉街',
        '2026-10',
        '2026-06-01',
      ],
    ];
    const path = tempFile('2026-10-台账.csv', csv(rows));
    const now = JSON.parse((await runLkg(['assess', path, '--json'])).stdout) as AssessmentDocument;
    const before = JSON.parse(
      (await runLkg(['assess', path, '--json', '--month=2026-03'])).stdout,
    ) as AssessmentDocument;
    expect([now.month, now.assignments[0]?.stage, now.assignments[0]?.indicators]).toEqual([
      '2026-10',
      'built',
      'baiquan',
    ]);
    expect(before.month).toBe('2026-03');
    expect(before.assignments[0]?.stage).not.toBe('built');
  });

  it('a register whose own month precedes the policy: E_POLICY_NOT_IN_FORCE, exit 2', async () => {
    const rows = [
      REGISTER_HEADERS,
      (REGISTER_ROWS[0] as string[]).map((v) => (v === '2026-10' ? '2019-12' : v)),
    ];
    const run = await runLkg(['assess', tempFile('台账.csv', csv(rows)), '--json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as AssessmentDocument;
    expect(doc.findings.map((f) => f.code)).toContain('E_POLICY_NOT_IN_FORCE');
    expect(doc.assignments).toEqual([]);
  });

  it('without a register sheet: month null, no assignments', async () => {
    const path = tempFile(
      '联系人.csv',
      csv([
        ['单位', '姓名', '邮箱'],
        ['径河街', '联络员', 'a@example.com'],
      ]),
    );
    const run = await runLkg(['assess', path, '--json']);
    const doc = JSON.parse(run.stdout) as AssessmentDocument;
    expect([run.code, doc.month, doc.assignments]).toEqual([0, null, []]);
  });

  it.each([
    ['2026-10-31T15:59:59Z', '2026-10'],
    ['2026-10-31T16:00:00Z', '2026-11'],
    ['2026-12-31T16:00:00Z', '2027-01'],
  ])('the upload month of a local file is Asia/Shanghai: %s → %s', (instant, month) => {
    expect(chinaMonth(new Date(instant))).toBe(month);
  });
});

describe('writeJson', () => {
  const assignment = (i: number) => ({
    key: `K${i}`,
    name: `名称${i}`,
    warnings: [],
    clauses: ['2.street'],
    handover: null,
  });
  const finding = {
    code: 'W_X',
    severity: 'warning',
    sheet: 'S',
    row: 2,
    column: null,
    value: null,
    message: '提示',
  };
  it.each([
    ['empty', { month: null, months: [], policy: '2020-1', assignments: [], findings: [] }],
    [
      'one of each',
      {
        month: '2026-10',
        months: ['2026-09', '2026-10'],
        policy: '2020-1',
        assignments: [assignment(1)],
        findings: [finding],
      },
    ],
    [
      '2,500 assignments (three chunks)',
      {
        month: '2026-10',
        months: ['2026-10'],
        policy: '2020-1',
        assignments: Array.from({ length: 2500 }, (_, i) => assignment(i)),
        findings: [],
      },
    ],
  ])('%s: the same bytes as JSON.stringify(doc, null, 2)', (_label, doc) => {
    let out = '';
    writeJson(doc as unknown as AssessmentDocument, (chunk) => {
      out += chunk;
    });
    expect(out).toBe(`${JSON.stringify(doc, null, 2)}\n`);
  });
});

describe('the uploader: --unit judges as that unit’s upload, without it one finding says what depends on it', () => {
  // An office's register without 招商单位: the office's upload records the rows as its own, a
  // street's is refused.
  const rows = [
    ['统一社会信用代码', '企业（项目）名称', '项目状态', '所在街道', '报送月份'],
    [uscc(71), '武汉长青示例电机项目', '在建', '长青街', '2026-10'],
    [uscc(72), '武汉径河示例装备项目', '已签约', '径河街', '2026-10'],
  ];
  const path = tempFile('2026-10-机电办台账.csv', csv(rows));

  it.each([
    [
      'no --unit: one warning naming each reading',
      ['--json'],
      0,
      [
        '结论取决于上传单位',
        '机电产业建设管理办公室上传：可以导入，没有招商单位的 2 个企业（项目）记为机电产业建设管理办公室招商',
        '长青街上传：不能导入',
      ],
    ],
    [
      '--unit jidian: the office’s upload, its change list',
      ['--unit', 'jidian'],
      0,
      [
        '上传单位：机电产业建设管理办公室（jidian）',
        '变化：新增企业（项目）2 家',
        '招商单位 （空） → 机电产业建设管理办公室',
      ],
    ],
    [
      '--unit 长青街: the street’s upload is refused',
      ['--unit', '长青街'],
      2,
      ['结论：不能导入', '上传单位：长青街（changqing）'],
    ],
    ['--store without --unit', ['--store'], 1, []],
  ])('%s', async (_label, args, code, words) => {
    const run = await runLkg(['assess', path, ...args]);
    expect(run.code, run.stderr).toBe(code);
    for (const w of words) expect(run.stdout).toContain(w);
    if (code === 1) expect(run.stderr).toContain('--unit');
  });
});
