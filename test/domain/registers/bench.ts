/**
 * Informal benchmark of checkWorkbook: a 100,000-row register and a 100,000-row indicators
 * sheet built in memory (`npm run bench:registers`). Prints milliseconds; asserts nothing.
 */
import { checkAgainstStore, checkWorkbook } from '#domain/registers/index';
import { usccCheckChar } from '#domain/registers/values';
import type { Cell, SheetGrid } from '#domain/types';
import { REGISTER_HEADER } from './helpers.ts';

const ROWS = Number(process.argv[2] ?? 100_000);
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const streets = ['吴家山街', '柏泉街道', '径河', '长青街', '慈惠街', '金银湖街'];
const stages = ['已建成投产', '在建', '已签约', '新引进'];
const recruiters = ['机电产业办', '高新办', '', '径河街', '临空产业办'];

function uscc(i: number): string {
  let body = '';
  let n = i;
  for (let k = 0; k < 8; k++) {
    body = CHARS[n % 31] + body;
    n = Math.floor(n / 31);
  }
  const first17 = `91420112${body}M`;
  return first17 + usccCheckChar(first17);
}

const text = (v: string): Cell => (v === '' ? null : { t: 'text', v });
const register: SheetGrid = { name: '企业项目台账', rows: [REGISTER_HEADER.map((h) => text(h))] };
const indicators: SheetGrid = {
  name: '月度经济指标',
  rows: [
    [
      '统一社会信用代码',
      '企业（项目）名称',
      '月份',
      '营业收入（万元）',
      '税收收入（元）',
      '固定资产投资',
    ].map(text),
  ],
};
for (let i = 0; i < ROWS; i++) {
  const key = uscc(i);
  register.rows.push([
    text(key),
    null,
    text(`武汉测试${i}有限公司`),
    text(stages[i % 4] ?? ''),
    text(recruiters[i % 5] ?? ''),
    text(streets[i % 6] ?? ''),
    null,
    null,
    null,
    null,
    null,
    text(i % 2 ? '是' : '否'),
    text('智能装备制造'),
    text('2018-03-01'),
    text('2026-10'),
    null,
  ]);
  indicators.rows.push([
    text(key),
    text(`武汉测试${i}有限公司`),
    text('2026-10'),
    { t: 'number', v: 1234.56 + i },
    text('12,345.67'),
    text('1.2万'),
  ]);
}

function time(label: string, sheets: SheetGrid[]): void {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const parsed = checkWorkbook(sheets, { fileName: '2026-10-台账.xlsx', uploadedMonth: '2026-10' });
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const extra = checkAgainstStore(parsed, new Map());
  const t2 = performance.now();
  console.log(
    `${label}: checkWorkbook ${(t1 - t0).toFixed(0)} ms wall, ${((c1.user + c1.system) / 1000).toFixed(0)} ms CPU; checkAgainstStore ${(t2 - t1).toFixed(0)} ms` +
      ` (findings ${parsed.findings.length + extra.length}, register ${parsed.register.length}, indicators ${parsed.indicators.length})`,
  );
}

for (let run = 1; run <= 3; run++) {
  time(`run ${run}, ${ROWS} register rows (16 columns)`, [register]);
  time(`run ${run}, ${ROWS} indicator rows (6 columns)`, [indicators]);
  time(`run ${run}, both`, [register, indicators]);
}
