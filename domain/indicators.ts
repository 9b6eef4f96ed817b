/**
 * The indicator catalog (docs/registers.md). The catalog is data: adding an
 * indicator is one entry here, no code elsewhere.
 *
 * Values are 当月 (this month's) values, not cumulative; the system computes 本年累计.
 *
 * @module
 */

/** The unit an indicator is kept in, and the larger and smaller units accepted on input. */
export type CatalogUnit = '万元' | '万美元';

export interface IndicatorDefinition {
  readonly id: string;
  /** The header as the templates write it. */
  readonly header: string;
  readonly synonyms: readonly string[];
  readonly unit: CatalogUnit;
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  { id: 'output', header: '规上工业总产值', synonyms: ['工业总产值'], unit: '万元' },
  { id: 'revenue', header: '营业收入', synonyms: ['主营业务收入'], unit: '万元' },
  { id: 'tax', header: '税收收入', synonyms: ['税收', '纳税额'], unit: '万元' },
  { id: 'fai', header: '固定资产投资', synonyms: ['固投'], unit: '万元' },
  { id: 'trade', header: '进出口总额', synonyms: ['外贸进出口额'], unit: '万美元' },
  { id: 'retail', header: '社会消费品零售额', synonyms: ['社零额'], unit: '万元' },
  { id: 'funds', header: '实际到位资金', synonyms: ['招商引资到位资金', '到位资金'], unit: '万元' },
  { id: 'fdi', header: '实际利用外资', synonyms: ['实际使用外资'], unit: '万美元' },
];

export const INDICATOR_IDS: readonly string[] = INDICATORS.map((i) => i.id);

const byId = new Map(INDICATORS.map((i) => [i.id, i]));

export function indicatorDefinition(id: string): IndicatorDefinition {
  const def = byId.get(id);
  if (!def) throw new RangeError(`unknown indicator: ${id}`);
  return def;
}

/**
 * The power of ten that converts a value written in `written` into the catalog unit
 * (元 → 万元 is −4, 亿元 → 万元 is 4); undefined when `written` is not a unit of that kind.
 */
export function unitShift(written: string, catalogUnit: CatalogUnit): number | undefined {
  const table: Record<CatalogUnit, Record<string, number>> = {
    万元: { 元: -4, 万元: 0, 亿元: 4 },
    万美元: { 美元: -4, 万美元: 0, 亿美元: 4 },
  };
  return table[catalogUnit][written];
}
