/**
 * `lkg assess <file> [--month YYYY-MM] [--json]` (the README (“Try it”)): reads a
 * workbook, checks it, and prints the assignment of every register row for the month — no
 * storage, no AWS. Exit 0: no errors; 2: the workbook has errors (all listed); 1: the program
 * failed (no such file, bad arguments).
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { documentClient } from '#adapters/aws-clients';
import type { IngestStore } from '#adapters/dynamodb-items';
import { createDynamoDbStore } from '#adapters/dynamodb-store';
import { createMemoryStore } from '#adapters/memory-store';
import { fileTooLarge, readWorkbookFile } from '#adapters/workbook-reader';
import { sheetJsWorkbooks } from '#adapters/workbooks';
import { type AssessmentDocument, assessmentDocument } from '#domain/assessment-document';
import { type ChangeList, changeLines } from '#domain/changes';
import { rulesOf } from '#domain/decisions';
import { groupFindings, groupLine } from '#domain/finding-groups';
import { listedKeyProjects } from '#domain/key-projects';
import { CLAUSE_NAMES, clauseLabel, STAGE_LABELS, shortSection } from '#domain/labels';
import { chinaMonth, isMonth, monthLabel } from '#domain/months';
import { clauseOf, clauseText, POLICIES, type Policy, policyById, policyFor } from '#domain/policy/index';
import { checkWorkbook } from '#domain/registers/index';
import type { Assignment, ClauseId, Finding, Month, ParsedWorkbook, SheetGrid, Stage } from '#domain/types';
import { hasErrors } from '#domain/types';
import { findUnit, type UnitId, unitInfo, unitName } from '#domain/units';
import { judgeFile } from '#functions/ingest/judge';
import { renderFigures } from '../figures.ts';
import { TERMINAL_COLUMNS, table, truncate, wrap } from '../format.ts';
import { emulatorCredentials, useRunningStack } from '../local-stack.ts';
import { checkThroughApi, uploaderDependsFinding } from './assess-uploader.ts';

export const USAGE =
  '用法：lkg assess <文件> [--month YYYY-MM] [--json] [--rows] [--unit 单位编号 [--store [--dynamodb-endpoint URL] [--table 表名] | --api URL [--token 令牌]]]';

interface Options {
  file: string;
  month: Month | null;
  json: boolean;
  /** Every finding under its group (not only the groups). */
  rows: boolean;
  /** Judge as this unit's upload. */
  unit: UnitId | null;
  /** Against the stored state (DynamoDB; the local stack's when running). */
  store: boolean;
  dynamodb: string | null;
  table: string | null;
  /** Through the API's check routes. */
  api: string | null;
  token: string | null;
}

function parseArgs(args: string[]): Options | string {
  let file: string | null = null;
  let month: string | null = null;
  let unitRaw: string | null = null;
  const o = {
    json: false,
    rows: false,
    store: false,
    dynamodb: null,
    table: null,
    api: null,
    token: null,
  } as Pick<Options, 'json' | 'rows' | 'store' | 'dynamodb' | 'table' | 'api' | 'token'>;
  const valued: Record<string, 'dynamodb' | 'table' | 'api' | 'token'> = {
    '--dynamodb-endpoint': 'dynamodb',
    '--table': 'table',
    '--api': 'api',
    '--token': 'token',
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') o.json = true;
    else if (a === '--rows') o.rows = true;
    else if (a === '--store') o.store = true;
    else if (a === '--month' || a === '--unit' || valued[a]) {
      const v = args[++i];
      if (v === undefined)
        return a === '--month'
          ? `参数 --month 缺少月份；应写成 --month 2026-10。\n${USAGE}`
          : `参数 ${a} 缺少取值。\n${USAGE}`;
      if (a === '--month') month = v;
      else if (a === '--unit') unitRaw = v;
      else o[valued[a] as 'api'] = v;
    } else if (a.startsWith('--month=')) month = a.slice('--month='.length);
    else if (a.startsWith('-') && a !== '-') return `不认识的参数“${a}”。\n${USAGE}`;
    else if (file == null) file = a;
    else return `只能检查一个文件，多出了“${a}”。\n${USAGE}`;
  }
  if (file == null) return `缺少要检查的文件。\n${USAGE}`;
  if (month != null && !isMonth(month)) return `月份“${month}”格式不正确：应为 YYYY-MM，例如 2026-10。`;
  let unit: UnitId | null = null;
  if (unitRaw != null) {
    const found = findUnit(unitRaw);
    if (!found) return `单位“${unitRaw}”不认识：请用单位编号（如 bureau、changqing、jidian）或其中文名称。`;
    unit = found.id;
  }
  if ((o.store || o.api) && !unit)
    return `--store 和 --api 按上传单位检查，须同时给出 --unit <单位编号>（例如 --unit changqing）。\n${USAGE}`;
  if (o.store && o.api) return `--store 与 --api 只能选一个。\n${USAGE}`;
  return { file, month, unit, ...o };
}

const STAGE_LABEL: Readonly<Record<Stage, string>> = STAGE_LABELS;

/** A unit's short name (机电产业办, 径河街) for the table. */
function unitShort(id: UnitId | null): string {
  if (id == null) return '—';
  const info = unitInfo(id);
  if (info.kind === 'street') return info.name;
  return [...info.aliases].sort((a, b) => a.length - b.length)[0] ?? info.name;
}

function placeOf(f: Finding): string {
  if (f.sheet == null) return '文件';
  const parts = [`“${f.sheet}”`];
  if (f.row != null) parts.push(`第 ${f.row} 行`);
  if (f.column != null) parts.push(`${f.column} 列`);
  return parts.join(' ');
}

/** The findings as lines a person reads: `[错误] “台账” 第 7 行 F 所在街道 列：…`. */
export function findingLines(findings: readonly Finding[]): string[] {
  return findings.map((f) =>
    wrap(`[${f.severity === 'error' ? '错误' : '警告'}] ${placeOf(f)}：${f.message}`, TERMINAL_COLUMNS, 7),
  );
}

function serviceCell(a: Assignment): string {
  if (a.status === 'inactive') return '（不再服务）';
  return unitShort(a.service);
}

/**
 * A clause as people cite it: the notice's section (三、一是 → 三（一）), never the id
 * (`3.1.retained`). From the one catalogue (domain/labels.ts).
 */
export function clauseCitation(id: ClauseId, policy: Policy): string {
  const clause = clauseOf(id, policy);
  return clause ? shortSection(clause.section) : clauseLabel(id);
}

/** The citation with the clause's short title: `三（一）板块内已建成投产项目由产业办保留`. */
export function clauseTitle(id: ClauseId, policy: Policy): string {
  return `${clauseCitation(id, policy)}${clauseOf(id, policy)?.title ?? ''}`;
}

/** The table's clause cell: `三（一）板块内` (the clause's full title is listed below the table). */
export function clauseCell(id: ClauseId, policy: Policy): string {
  const clause = clauseOf(id, policy);
  return clause ? `${shortSection(clause.section)}${CLAUSE_NAMES[id]?.tag ?? ''}` : clauseLabel(id);
}

/** The first line of the report: whether the file could be imported, and why not. */
export function verdictLine(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return '结论：可以导入（没有错误；本命令只检查，不保存任何数据）。';
  const codes = new Set(errors.map((f) => f.code));
  const why =
    codes.size === 1 && errors.length === 1
      ? (errors[0]?.message ?? '')
      : `有 ${errors.length} 个错误，见下方列表；整个文件改正后才能导入`;
  return `结论：不能导入。原因：${why}`;
}

/** The findings grouped (file and sheet first, errors before warnings), each group's rows when asked. */
export function groupedFindingLines(findings: readonly Finding[], rows = false): string[] {
  const out: string[] = [];
  for (const g of groupFindings(findings)) {
    if (g.count === 1) {
      out.push(...findingLines(g.findings));
      continue;
    }
    out.push(wrap(groupLine(g), TERMINAL_COLUMNS, 7));
    if (rows) for (const line of findingLines(g.findings)) out.push(`    ${line}`);
  }
  if (!rows && groupFindings(findings).some((g) => g.count > 1))
    out.push('（同一问题的各行已合并；加 --rows 逐行列出，完整清单也在导入报告的“审核结果”表。）');
  return out;
}

/** What `lkg assess --unit` adds: who is judged, and against what. */
export interface JudgedAs {
  uploader: UnitId;
  against: 'empty' | 'store' | 'api';
  verdict: 'importable' | 'unchanged' | 'refused';
  changes: ChangeList | null;
}

const AGAINST: Readonly<Record<JudgedAs['against'], string>> = {
  empty: '按空库判定（未连接已保存的数据；加 --store 或 --api 按已保存的数据判定）',
  store: '按已保存的数据判定',
  api: '经接口按已保存的数据判定',
};

/** The Chinese report of an assessment, readable in 80 columns. */
export function renderAssessment(
  doc: AssessmentDocument,
  fileName: string,
  options: { rows?: boolean; judged?: JudgedAs | null } = {},
): string {
  const out: string[] = [];
  const errors = doc.findings.filter((f) => f.severity === 'error').length;
  const warnings = doc.findings.length - errors;
  const inactive = doc.assignments.filter((a) => a.status === 'inactive').length;
  out.push(wrap(verdictLine(doc.findings), TERMINAL_COLUMNS, 6));
  out.push(wrap(`文件：${fileName}`));
  const judged = options.judged ?? null;
  if (judged) {
    out.push(
      wrap(`上传单位：${unitName(judged.uploader)}（${judged.uploader}）；${AGAINST[judged.against]}。`),
    );
    if (judged.changes) out.push(...changeLines(judged.changes).map((l) => wrap(l, TERMINAL_COLUMNS, 4)));
  }
  if (doc.month) {
    const months =
      doc.months.length > 1 ? `（台账含 ${doc.months.map(monthLabel).join('、')}，按最新月份判定）` : '';
    out.push(
      wrap(
        `判定月份：${monthLabel(doc.month)}${months}　政策：${policyById(doc.policy, POLICIES).docNumber}（${doc.policy}）　判定 ${doc.assignments.length} 条（其中已注销/迁出 ${inactive} 条）`,
      ),
    );
  } else {
    out.push('文件中没有企业项目台账工作表：没有需要判定归属的记录。');
  }
  if (doc.assignments.length > 0) {
    out.push('');
    out.push(
      table(
        [
          { header: '企业（项目）名称', width: 18 },
          { header: '阶段', width: 10 },
          { header: '服务单位', width: 10 },
          { header: '配合街道', width: 8 },
          { header: '指标承担', width: 8 },
          { header: '依据条款', width: 16 },
        ],
        doc.assignments.map((a) => [
          a.name,
          STAGE_LABEL[a.stage],
          serviceCell(a),
          a.cooperating ? unitShort(a.cooperating) : '—',
          a.status === 'inactive' ? '—' : unitShort(a.indicators),
          a.decidedBy ? clauseCell(a.decidedBy, policyById(doc.policy, POLICIES)) : '（注销）',
        ]),
      ),
    );
    const used = [
      ...new Set(doc.assignments.map((a) => a.decidedBy).filter((c): c is ClauseId => c != null)),
    ];
    if (used.length > 0) {
      const policy = policyById(doc.policy, POLICIES);
      out.push('');
      out.push('依据条款：');
      for (const id of used)
        out.push(
          wrap(
            `  ${clauseTitle(id, policy)}：“${truncate(clauseText(id, policy).replace(/\s+/gu, ''), 200)}”`,
            TERMINAL_COLUMNS,
            4,
          ),
        );
    }
    const notes = doc.assignments.flatMap((a) => a.warnings.map((w) => ({ name: a.name, w })));
    if (notes.length > 0) {
      out.push('');
      out.push(`判定提示（${notes.length} 条）：`);
      for (const { name, w } of notes) out.push(wrap(`[提示] ${name}：${w.message}`, TERMINAL_COLUMNS, 7));
    }
  }
  out.push('');
  if (doc.findings.length === 0) out.push('检查通过：没有发现错误或警告。');
  else {
    out.push(
      errors > 0
        ? `发现 ${errors} 个错误、${warnings} 个警告（有错误的行未判定；整个文件须改正后才能导入）：`
        : `发现 ${warnings} 个警告（不影响导入，请核实）：`,
    );
    out.push(...groupedFindingLines(doc.findings, options.rows ?? false));
  }
  return out.join('\n');
}

/**
 * Writes the document as `JSON.stringify(doc, null, 2)` followed by a new line — the same
 * bytes — in chunks of a thousand items, so that a 100,000-row register never becomes one
 * 100 MB string.
 */
export function writeJson(doc: AssessmentDocument, write: (chunk: string) => void): void {
  // `"months": [ … ]` at the document's indentation, as JSON.stringify(doc, null, 2) writes it.
  const months = JSON.stringify({ months: doc.months }, null, 2).slice(2, -2);
  write(
    `{\n  "month": ${JSON.stringify(doc.month)},\n${months},\n  "policy": ${JSON.stringify(doc.policy)},\n`,
  );
  const list = (key: 'assignments' | 'findings', last: boolean) => {
    const items: readonly unknown[] = doc[key];
    const end = last ? '\n' : ',\n';
    if (items.length === 0) {
      write(`  "${key}": []${end}`);
      return;
    }
    write(`  "${key}": [\n`);
    for (let i = 0; i < items.length; i += 1000) {
      // One native stringify per batch, at the document's indentation: `{"x": [ … ]}` puts
      // the items 4 spaces in, as in the whole document; the wrapper is cut off.
      const text = JSON.stringify({ x: items.slice(i, i + 1000) }, null, 2);
      const body = text.slice('{\n  "x": [\n'.length, text.length - '\n  ]\n}'.length);
      write(body + (i + 1000 < items.length ? ',\n' : '\n'));
    }
    write(`  ]${end}`);
  };
  list('assignments', false);
  list('findings', true);
  write('}\n');
}

/** Runs `lkg assess`; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    console.error(options);
    return 1;
  }
  if (options.month) {
    try {
      policyFor(options.month, POLICIES);
    } catch (error) {
      console.error((error as Error).message);
      return 1;
    }
  }
  let size: number;
  try {
    const st = statSync(options.file);
    if (st.isDirectory()) {
      console.error(`“${options.file}”是一个目录，不是文件；请给出台账文件的路径。`);
      return 1;
    }
    size = st.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'ENOENT'
        ? `找不到文件“${options.file}”：请检查路径和文件名（例如 lkg assess 2026-10-台账.xlsx）。`
        : `无法读取文件“${options.file}”（${code ?? (error as Error).message}）；请检查文件权限。`,
    );
    return 1;
  }
  const fileName = basename(options.file);
  const tooLarge = fileTooLarge(size);
  const read: { sheets: SheetGrid[]; findings: Finding[] } = tooLarge
    ? { sheets: [], findings: [tooLarge] }
    : readWorkbookFile(readFileSync(options.file), fileName);
  const parsed = checkWorkbook(read.sheets, {
    fileName,
    uploadedMonth: chinaMonth(new Date()), // the upload month of a local file: now, in China
    keyProjects: listedKeyProjects(POLICIES),
  });
  const figures = options.json ? '' : renderFigures(read.sheets, parsed);
  // The cells are no longer needed: let them go before the assignments are built.
  read.sheets = [];
  if (!options.unit) {
    const doc = assessmentDocument(parsed, options.month, rulesOf(POLICIES), read.findings);
    const depends = uploaderDependsFinding(parsed, read.findings);
    if (depends) doc.findings.push(depends);
    if (options.json) writeJson(doc, (chunk) => process.stdout.write(chunk));
    else
      process.stdout.write(
        `${renderAssessment(doc, fileName, { rows: options.rows })}\n${figures ? `${figures}\n` : ''}`,
      );
    return hasErrors(doc.findings) ? 2 : 0;
  }
  let judged: JudgedAs;
  let doc: AssessmentDocument;
  try {
    ({ judged, doc } = await judgeAs(options, options.unit, fileName, parsed, read.findings));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
  if (options.json)
    process.stdout.write(
      `${JSON.stringify({ ...doc, uploader: judged.uploader, verdict: judged.verdict, changes: judged.changes }, null, 2)}\n`,
    );
  else
    process.stdout.write(
      `${renderAssessment(doc, fileName, { rows: options.rows, judged })}\n${figures ? `${figures}\n` : ''}`,
    );
  return hasErrors(doc.findings) ? 2 : 0;
}

/** Judges the file as the unit's upload: offline (an empty store), against the store, or through the API. */
async function judgeAs(
  options: Options,
  uploader: UnitId,
  fileName: string,
  parsed: ParsedWorkbook,
  fileFindings: Finding[],
): Promise<{ judged: JudgedAs; doc: AssessmentDocument }> {
  const bytes = readFileSync(options.file);
  if (options.api) {
    const token = options.token ?? process.env.LKG_TOKEN ?? null;
    if (!token)
      throw new Error(
        '--api 需要令牌：加 --token <令牌>，或设置环境变量 LKG_TOKEN（本机可用 lkg token --unit <单位编号> 取得）。',
      );
    const answer = await checkThroughApi({ api: options.api, token, fileName, bytes });
    const doc = assessmentDocument(parsed, options.month, rulesOf(POLICIES), fileFindings);
    doc.findings = answer.findings;
    return { judged: { uploader, against: 'api', verdict: answer.verdict, changes: answer.changes }, doc };
  }
  const { store, close } = options.store
    ? storeFromOptions(options)
    : { store: createMemoryStore(), close: () => {} };
  try {
    const judgement = await judgeFile(
      store,
      {
        bytes,
        fileName,
        uploader,
        eventTime: new Date().toISOString(),
      },
      sheetJsWorkbooks,
    );
    const doc = assessmentDocument(judgement.workbook, options.month, rulesOf(POLICIES), fileFindings);
    // Offline nobody knows whether an indicators row's enterprise is stored.
    doc.findings = options.store
      ? judgement.findings
      : judgement.findings.filter((f) => f.code !== 'E_UNKNOWN_ENTERPRISE');
    const verdict = hasErrors(doc.findings)
      ? 'refused'
      : judgement.verdict === 'refused'
        ? 'importable'
        : judgement.verdict;
    return {
      judged: { uploader, against: options.store ? 'store' : 'empty', verdict, changes: judgement.changes },
      doc,
    };
  } finally {
    close();
  }
}

/** The DynamoDB store of the flags, else of the running local stack (`LKG_DATA_DIR`), else of the environment. */
function storeFromOptions(options: Options): { store: IngestStore; close: () => void } {
  useRunningStack(process.env);
  const endpoint = options.dynamodb ?? process.env.AWS_ENDPOINT_URL_DYNAMODB ?? 'http://127.0.0.1:4567';
  const credentials = emulatorCredentials(endpoint);
  const client = documentClient(process.env, { endpoint, ...credentials });
  const store = createDynamoDbStore({
    tableName: options.table ?? process.env.LKG_TABLE_NAME ?? 'lkg-territory',
    client,
  });
  return { store, close: () => client.destroy() };
}
