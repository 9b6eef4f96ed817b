/**
 * `npm run bench:assess`: the cost of defensive reading.
 *
 * (a) A 100,000-row register xlsx (generated in a temp dir): SheetJS reading it alone vs
 *     `lkg assess --json` end to end, in-process (reader + checks + assessment + JSON) and
 *     spawned (`node bin/lkg.js`, peak RSS from `/usr/bin/time -v`). Goals: ratio ≤ 1.5,
 *     peak memory < 1 GB.
 * (b) Each hostile file through a spawned `lkg assess`: wall time and peak RSS. Goals: < 5 s,
 *     < 300 MB each.
 *
 * (c) With `--against REF`: the same spawned `lkg assess --json` of (a)'s file, for this tree and
 *     for REF checked out in a temporary git worktree (sharing node_modules), interleaved with a
 *     spawned SheetJS read so that all three see the same machine load; best of `--runs`. Prints
 *     each side's ratio to SheetJS and how much this tree's differs from REF's. Goals:
 *     ratio ≤ 1.5 and within 10 % of REF's.
 *
 * Options: `--rows N` (default 100000), `--runs N` repetitions (default 3, best kept),
 * `--against REF` (a git ref, e.g. the main of before the issue).
 *
 * @module
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as XLSX from 'xlsx';
import { readWorkbookFile } from '#adapters/workbook-reader';
import { assessmentDocument } from '#domain/assessment-document';
import { rulesOf } from '#domain/decisions';
import { POLICIES } from '#domain/policy/index';
import { checkWorkbook } from '#domain/registers/index';
import { writeJson } from '#functions/cli/commands/assess';
import {
  encodeGb18030,
  encryptedXls,
  encryptedXlsx,
  handXlsx,
  randomBytes,
  sheetXml,
  xlsxParts,
  zerosCrc,
  zerosDeflated,
  zip,
} from '../test/hostile/files.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROWS = opt('--rows', 100_000);
const RUNS = opt('--runs', 3);
const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'lkg-bench-'));

// ───────────── a register of N rows ─────────────

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function uscc(n: number): string {
  const body = `91420112${n.toString(10).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body[i] as string) * (3 ** i % 31);
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

const STREETS = [
  '吴家山街',
  '柏泉街',
  '将军路街',
  '慈惠街',
  '走马岭街',
  '径河街',
  '长青街',
  '辛安渡街',
  '东山街',
  '常青花园',
  '新沟镇街',
  '金银湖街',
];
const OFFICES = [
  '机电产业办',
  '食品医药产业办',
  '综保物流产业办',
  '高新技术产业办',
  '临空产业办',
  '现代服务产业办',
  '',
];
const STAGES = ['已建成投产', '在建', '已签约', '新引进'];
const CATEGORIES = ['智能装备制造', '食品', '现代物流', '电子信息', '航空服务', '商贸', '新材料'];

function registerWorkbook(rows: number): Uint8Array {
  const aoa: (string | number | null)[][] = [
    [
      '统一社会信用代码',
      '企业（项目）名称',
      '项目状态',
      '招商单位',
      '所在街道',
      '规上工业',
      '产业类别',
      '建成投产日期',
      '报送月份',
      '备注',
    ],
  ];
  for (let i = 0; i < rows; i++) {
    const stage = STAGES[i % 4] as string;
    aoa.push([
      uscc(i),
      `武汉示例第${i}号企业有限公司`,
      stage,
      OFFICES[i % 7] as string,
      STREETS[(i * 7) % 12] as string,
      i % 3 === 0 ? '是' : '否',
      CATEGORIES[i % 7] as string,
      stage === '已建成投产' ? `20${10 + (i % 15)}-0${1 + (i % 9)}-15` : null,
      '2026-10',
      i % 10 === 0 ? '备注文字' : null,
    ]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '企业项目台账');
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}

function best(runs: number, fn: () => void): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

interface Spawned {
  seconds: number;
  maxRssMb: number;
  exit: number;
}

/** `node bin/lkg.js assess <file> --json` under /usr/bin/time -v, in `cwd` (a checkout). */
function spawnAssess(file: string, cwd = ROOT): Spawned {
  const t = performance.now();
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, 'bin/lkg.js', 'assess', file, '--json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const seconds = (performance.now() - t) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/u.exec(run.stderr ?? '');
  const exit = /Exit status: (\d+)/u.exec(run.stderr ?? '');
  return {
    seconds,
    maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN,
    exit: exit ? Number(exit[1]) : (run.status ?? -1),
  };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padEnd(widths[i] ?? 10)).join(' ');
}

// ───────────── (a) ─────────────

const file = join(dir, '2026-10-台账.xlsx');
let t0 = performance.now();
const bytes = registerWorkbook(ROWS);
writeFileSync(file, bytes);
console.log(
  `(a) ${ROWS.toLocaleString('en')} register rows: ${(bytes.length / 1024 / 1024).toFixed(1)} MiB xlsx, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// Interleaved (SheetJS, pipeline, SheetJS, …) so that both see the same machine load; best of each.
const readAlone = () => {
  XLSX.read(readFileSync(file), { type: 'buffer', dense: true });
};
let assignments = 0;
let findings = 0;
let jsonChars = 0;
const pipeline = () => {
  // As the CLI does: the file's Buffer, not a copy.
  const read = readWorkbookFile(readFileSync(file), '2026-10-台账.xlsx');
  const parsed = checkWorkbook(read.sheets, { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-10' });
  read.sheets = [];
  const doc = assessmentDocument(parsed, null, rulesOf(POLICIES), read.findings);
  jsonChars = 0;
  writeJson(doc, (chunk) => {
    jsonChars += chunk.length;
  });
  assignments = doc.assignments.length;
  findings = doc.findings.length;
};
let sheetjs = Number.POSITIVE_INFINITY;
let endToEnd = Number.POSITIVE_INFINITY;
for (let i = 0; i < RUNS; i++) {
  sheetjs = Math.min(sheetjs, best(1, readAlone));
  endToEnd = Math.min(endToEnd, best(1, pipeline));
}
// Where the time goes (one run).
t0 = performance.now();
const read = readWorkbookFile(readFileSync(file), '2026-10-台账.xlsx');
const tRead = performance.now() - t0;
t0 = performance.now();
const parsed = checkWorkbook(read.sheets, { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-10' });
const tCheck = performance.now() - t0;
t0 = performance.now();
writeJson(assessmentDocument(parsed, null, rulesOf(POLICIES), read.findings), () => {});
const tAssess = performance.now() - t0;

const spawned = spawnAssess(file);
const spawnedSheetJs = spawnSheetJs();

const w = [44, 12, 14];
console.log(row(['measure', 'seconds', 'peak RSS MB'], w));
console.log(row(['SheetJS read alone (in-process, best)', (sheetjs / 1000).toFixed(2), '—'], w));
console.log(row(['lkg assess pipeline (in-process, best)', (endToEnd / 1000).toFixed(2), '—'], w));
console.log(row(['  reader (limits + SheetJS + cells)', (tRead / 1000).toFixed(2), ''], w));
console.log(row(['  checkWorkbook', (tCheck / 1000).toFixed(2), ''], w));
console.log(row(['  assessment + JSON', (tAssess / 1000).toFixed(2), ''], w));
console.log(
  row(
    [
      'SheetJS read alone (spawned node)',
      spawnedSheetJs.seconds.toFixed(2),
      spawnedSheetJs.maxRssMb.toFixed(0),
    ],
    w,
  ),
);
console.log(
  row(
    [
      `lkg assess --json (spawned, exit ${spawned.exit})`,
      spawned.seconds.toFixed(2),
      spawned.maxRssMb.toFixed(0),
    ],
    w,
  ),
);
console.log(
  `ratio in-process ${(endToEnd / sheetjs).toFixed(2)} (goal ≤ 1.5); ratio spawned ${(spawned.seconds / spawnedSheetJs.seconds).toFixed(2)}; ` +
    `${assignments.toLocaleString('en')} assignments, ${findings} findings, ${(jsonChars / 1e6).toFixed(0)} M chars of JSON; peak ${spawned.maxRssMb.toFixed(0)} MB (goal < 1024)`,
);

// ───────────── (b) ─────────────

const hostile: [string, string, Uint8Array | string][] = [
  [
    'zip bomb, honest directory (1 GiB)',
    'bomb.xlsx',
    zip([
      ...xlsxParts([]),
      {
        name: 'xl/worksheets/sheet1.xml',
        stored: zerosDeflated(1025),
        method: 8,
        crc: zerosCrc(1),
        size: 1025 * 1024 * 1024,
      },
    ]),
  ],
  [
    'zip bomb, lying directory (1 GiB)',
    'liar.xlsx',
    zip([
      ...xlsxParts([]),
      { name: 'xl/worksheets/sheet9.xml', stored: zerosDeflated(1024), method: 8, crc: 0, size: 1024 },
    ]),
  ],
  [
    'A1:XFD1048576 declared, 5 rows',
    '2026-10-dims.xlsx',
    handXlsx([
      {
        name: '企业项目台账',
        xml: sheetXml(
          [
            ['统一社会信用代码', '企业（项目）名称', '项目状态', '招商单位', '所在街道', '报送月份'],
            ...[0, 1, 2, 3].map((i) => [
              uscc(i),
              `企业${i}`,
              '已建成投产',
              '机电产业办',
              '径河街',
              '2026-10',
            ]),
          ],
          'A1:XFD1048576',
        ),
      },
    ]),
  ],
  ['random bytes named .xlsx', 'random.xlsx', randomBytes(1024 * 1024)],
  ['empty file', 'empty.xlsx', new Uint8Array(0)],
  ['encrypted xlsx (OLE2 EncryptionInfo)', 'secret.xlsx', encryptedXlsx()],
  ['encrypted xls (FilePass)', 'secret.xls', encryptedXls()],
  [
    'headers __proto__/constructor/toString',
    '2026-10-台账.csv',
    `统一社会信用代码,企业（项目）名称,项目状态,所在街道,__proto__,constructor,toString\r\n${uscc(1)},甲,在建,径河街,1,2,3\r\n`,
  ],
  [
    'GB18030 CSV with 𠀀',
    '2026-10-gb.csv',
    encodeGb18030(
      `统一社会信用代码,企业（项目）名称,项目状态,所在街道\r\n${uscc(2)},武汉𠀀有限公司,在建,径河街\r\n`,
    ),
  ],
];

console.log('\n(b) hostile files through a spawned lkg assess --json');
const hw = [40, 10, 6, 10, 12];
console.log(row(['file', 'size', 'exit', 'seconds', 'peak RSS MB'], hw));
for (const [label, name, content] of hostile) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const r = spawnAssess(path);
  console.log(
    row(
      [
        label,
        `${(statSync(path).size / 1024).toFixed(0)} KB`,
        r.exit,
        r.seconds.toFixed(2),
        r.maxRssMb.toFixed(0),
      ],
      hw,
    ),
  );
}
/** SheetJS alone reading (a)'s file in a spawned node (peak RSS from /usr/bin/time -v). */
function spawnSheetJs(): { seconds: number; maxRssMb: number } {
  const t = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      process.execPath,
      '-e',
      `require('xlsx').read(require('fs').readFileSync(${JSON.stringify(file)}), {type:'buffer', dense:true})`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  const rss = /Maximum resident set size \(kbytes\): (\d+)/u.exec(run.stderr ?? '');
  return { seconds: (performance.now() - t) / 1000, maxRssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

// ───────────── (c) ─────────────

const againstAt = args.indexOf('--against');
if (againstAt >= 0) compareWith(String(args[againstAt + 1]));

/** (c): this tree against REF, in the same run. */
function compareWith(ref: string): void {
  const base = join(dir, 'against');
  const git = (...a: string[]) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' });
  const added = git('worktree', 'add', '--detach', base, ref);
  if (added.status !== 0) throw new Error(`git worktree add ${ref}: ${added.stderr}`);
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'));
    const sheet = { s: Number.POSITIVE_INFINITY };
    const here = { s: Number.POSITIVE_INFINITY };
    const there = { s: Number.POSITIVE_INFINITY };
    for (let i = 0; i < RUNS; i++) {
      sheet.s = Math.min(sheet.s, spawnSheetJs().seconds);
      const a = spawnAssess(file);
      const b = spawnAssess(file, base);
      if (a.exit !== 0 || b.exit !== 0)
        throw new Error(`lkg assess exited ${a.exit} here, ${b.exit} at ${ref}`);
      here.s = Math.min(here.s, a.seconds);
      there.s = Math.min(there.s, b.seconds);
    }
    // The in-process ratio of (a), REF's own bench against ours just after it (best of both runs).
    const theirRun = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/assess.ts', '--rows', String(ROWS), '--runs', String(RUNS)],
      { cwd: base, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const theirIn = Number(/ratio in-process ([\d.]+)/u.exec(theirRun.stdout ?? '')?.[1] ?? Number.NaN);
    for (let i = 0; i < RUNS; i++) {
      sheetjs = Math.min(sheetjs, best(1, readAlone));
      endToEnd = Math.min(endToEnd, best(1, pipeline));
    }
    const ourIn = endToEnd / sheetjs;
    console.log(`\n(c) this tree against ${ref}, in the same run`);
    console.log(
      `in-process (a): ratio ${ourIn.toFixed(2)} here, ${theirIn.toFixed(2)} at ${ref}: ${(((ourIn - theirIn) / theirIn) * 100).toFixed(1)} % (goals: ≤ 1.5, within 10 %)`,
    );
    const ours = here.s / sheet.s;
    const theirs = there.s / sheet.s;
    console.log(`spawned lkg assess --json (best of ${RUNS}, interleaved with a spawned SheetJS read):`);
    const cw = [30, 12, 10];
    console.log(row(['', 'seconds', 'ratio'], cw));
    console.log(row(['SheetJS read alone (spawned)', sheet.s.toFixed(2), '1.00'], cw));
    console.log(row(['this tree', here.s.toFixed(2), ours.toFixed(2)], cw));
    console.log(row([ref, there.s.toFixed(2), theirs.toFixed(2)], cw));
    console.log(
      `spawned: ratio ${ours.toFixed(2)}; ${(((ours - theirs) / theirs) * 100).toFixed(1)} % against ${ref}`,
    );
  } finally {
    git('worktree', 'remove', '--force', base);
  }
}

rmSync(dir, { recursive: true, force: true });
