import { describe, expect, it } from 'vitest';
import {
  findTargetUnit,
  findUnit,
  findZone,
  LETTERHEAD_PREFIXES,
  normalizeName,
  OFFICE_IDS,
  STREET_IDS,
  UNITS,
  unitsNamed,
  ZONES,
} from '#domain/units';

/** docs/policy.md, written out again: the spec's tables are the contract. */
const STREETS: [string, string, string[]][] = [
  ['wujiashan', '吴家山街', ['吴家山', '吴家山街道', '吴家山街道办事处', '吴家山办事处']],
  ['baiquan', '柏泉街', ['柏泉', '柏泉街道', '柏泉街道办事处', '柏泉办事处']],
  ['jiangjunlu', '将军路街', ['将军路', '将军路街道', '将军路街道办事处', '将军路办事处']],
  ['cihui', '慈惠街', ['慈惠', '慈惠街道', '慈惠街道办事处', '慈惠办事处']],
  ['zoumaling', '走马岭街', ['走马岭', '走马岭街道', '走马岭街道办事处', '走马岭办事处']],
  ['jinghe', '径河街', ['径河', '径河街道', '径河街道办事处', '径河办事处']],
  ['changqing', '长青街', ['长青', '长青街道', '长青街道办事处', '长青办事处']],
  ['xinandu', '辛安渡街', ['辛安渡', '辛安渡街道', '辛安渡街道办事处', '辛安渡办事处']],
  ['dongshan', '东山街', ['东山', '东山街道', '东山街道办事处', '东山办事处']],
  ['changqinghuayuan', '常青花园', ['常青花园新区', '常青花园新区街', '常青花园新区管理委员会']],
  ['xingouzhen', '新沟镇街', ['新沟镇', '新沟镇街道', '新沟镇街道办事处', '新沟镇办事处']],
  ['jinyinhu', '金银湖街', ['金银湖', '金银湖街道', '金银湖街道办事处', '金银湖办事处']],
];
const OFFICES: [string, string, string[]][] = [
  ['jidian', '机电产业建设管理办公室', ['机电产业办', '机电办']],
  ['shipin', '食品医药产业建设管理办公室', ['食品医药产业办', '食品医药办']],
  ['zongbao', '综合保税物流产业建设管理办公室', ['综合保税物流产业办', '综保物流产业办', '综保物流办']],
  ['gaoxin', '高新技术产业建设管理办公室', ['高新技术产业办', '高新产业办', '高新办']],
  ['linkong', '临空产业建设管理办公室', ['临空产业办', '临空办']],
  ['xiandai', '现代服务产业建设管理办公室', ['现代服务产业办', '现代服务办']],
];
const BUREAU: [string, string, string[]] = [
  'bureau',
  '区商务局（工作专班办公室）',
  ['区商务局', '商务局', '工作专班', '专班办公室'],
];
const ZONE_TABLE: [string, string, string[], string | null][] = [
  ['zongbao-1', '综保区一期', ['综合保税区一期'], null],
  ['zongbao-2', '综保区二期', ['综合保税区二期'], null],
  [
    'changqing-park',
    '长青街1平方公里经济园区',
    ['长青1平方公里经济园区', '1平方公里经济园区', '一平方公里经济园区'],
    'changqing',
  ],
  ['sme-city', '中小企业城', ['东西湖中小企业城'], 'cihui'],
];

const unitForms = [...STREETS, ...OFFICES, BUREAU].flatMap(([id, name, aliases]) =>
  [name, id, ...aliases].map((form) => [form, id] as const),
);
const zoneForms = ZONE_TABLE.flatMap(([id, name, aliases]) =>
  [name, id, ...aliases].map((form) => [form, id] as const),
);

describe('units (docs/policy.md)', () => {
  it('has the twelve streets, six offices and the bureau', () => {
    expect([...STREET_IDS]).toEqual(STREETS.map(([id]) => id));
    expect([...OFFICE_IDS]).toEqual(OFFICES.map(([id]) => id));
    expect(UNITS).toHaveLength(19);
  });
  it.each(unitForms)('findUnit(%j) is %s', (form, id) => expect(findUnit(form)?.id).toBe(id));
  it.each(unitForms)('findUnit of %j with spaces and full-width forms is %s', (form, id) => {
    const fullWidth = form.replace(/[0-9A-Za-z()-]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(findUnit(`  ${fullWidth}\u3000`)?.id).toBe(id);
    expect(findUnit(form.split('').join(' '))?.id).toBe(id);
  });
  it.each([...STREETS, ...OFFICES, BUREAU])('the official name of %s is %s', (id, name) => {
    expect(UNITS.find((u) => u.id === id)?.name).toBe(name);
  });
});

describe('zones (docs/policy.md)', () => {
  it.each(zoneForms)('findZone(%j) is %s', (form, id) => expect(findZone(form)?.id).toBe(id));
  it.each(zoneForms)('findZone of %j, half/full-width and spaced, is %s', (form, id) => {
    const fullWidth = form.replace(/[0-9]/gu, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(findZone(` ${fullWidth} `)?.id).toBe(id);
  });
  it.each(ZONE_TABLE)('%s lies in %s', (id, _name, _aliases, liesIn) => {
    expect(ZONES.find((z) => z.id === id)?.liesIn ?? null).toBe(liesIn);
  });
  it('a zone is not a unit, a unit is not a zone', () => {
    expect(findUnit('中小企业城')).toBeUndefined();
    expect(findZone('慈惠街')).toBeUndefined();
  });
});

describe('no fuzzy matching', () => {
  it.each([
    ['长青', 'changqing'],
    ['长青街', 'changqing'],
    ['常青花园', 'changqinghuayuan'],
  ])('%s is %s', (form, id) => expect(findUnit(form)?.id).toBe(id));
  it.each([
    '常青',
    '常青街',
    '常青街道',
    '长青花园',
    '长青花园新区',
    '吴家',
    '机电',
    '综保',
    '街道',
    '商务',
    '东西湖',
  ])('%j names no unit', (form) => expect(findUnit(form)).toBeUndefined());
  it.each(['常青1平方公里经济园区', '综保区三期', '中小企业', '园区'])('%j names no zone', (form) => {
    expect(findZone(form)).toBeUndefined();
  });
  it('长青 and 常青 are different places', () => {
    expect(findUnit('长青街道')?.id).not.toBe(findUnit('常青花园新区')?.id);
  });
});

describe('normalizeName and the district', () => {
  it.each([
    ['  径河街 ', '径河街'],
    ['径\u3000河\t街', '径河街'],
    ['区商务局(工作专班办公室)', '区商务局(工作专班办公室)'],
    ['区商务局（工作专班办公室）', '区商务局(工作专班办公室)'],
    ['１平方公里经济园区', '1平方公里经济园区'],
  ])('%j → %j', (raw, out) => expect(normalizeName(raw)).toBe(out));
  it('the bureau with half-width brackets', () =>
    expect(findUnit('区商务局(工作专班办公室)')?.id).toBe('bureau'));
  it.each(['全区', '全区合计', '东西湖区', 'district', ' 全 区 '])(
    'findTargetUnit(%j) is the district',
    (form) => {
      expect(findTargetUnit(form)).toBe('district');
    },
  );
  it('findTargetUnit also finds units', () => expect(findTargetUnit('长青街道')).toBe('changqing'));
});

describe('names as letterheads write them (by rule, not only a list)', () => {
  /** Every form the list accepted before the rule, with the letterhead prefixes: all still resolve. */
  const listed = UNITS.flatMap((unit) =>
    [unit.name, unit.id, ...unit.aliases].flatMap((form) => [
      [form, unit.id] as const,
      ...(unit.kind === 'bureau' || form === unit.id
        ? []
        : LETTERHEAD_PREFIXES.map((p) => [`${p}${form}`, unit.id] as const)),
    ]),
  );
  it.each(listed)('the listed form %j still resolves to %s', (form, id) =>
    expect(findUnit(form)?.id).toBe(id),
  );

  it.each([
    ['武汉市东西湖区长青街道办事处', 'changqing'],
    ['东西湖区长青街道', 'changqing'],
    ['临空港经开区径河街道办', 'jinghe'],
    ['武汉临空港经济技术开发区金银湖街道办事处', 'jinyinhu'],
    ['武汉临空港经济技术开发区（东西湖区）走马岭街道', 'zoumaling'],
    ['长青街道办事处（东西湖区）', 'changqing'],
    ['新沟镇街道办事处', 'xingouzhen'],
    ['东西湖区常青花园新区管委会', 'changqinghuayuan'],
    ['机电产业管理办公室', 'jidian'],
    ['机电产业办公室', 'jidian'],
    ['区机电产业管理办公室', 'jidian'],
    ['东西湖区食品医药产业管理办公室', 'shipin'],
    ['食品产业办', 'shipin'],
    ['临空港经开区临空产业办公室', 'linkong'],
    ['武汉临空港经济技术开发区（东西湖区）综保办', 'zongbao'],
    ['综合保税物流产业管理办公室', 'zongbao'],
    ['高新技术产业管理办公室', 'gaoxin'],
    ['现代服务产业办公室', 'xiandai'],
    ['东西湖区商务局', 'bureau'],
    ['武汉市东西湖区商务局', 'bureau'],
    ['临空港经开区商务局', 'bureau'],
    ['商务局投资促进科', 'bureau'],
    ['东西湖区工作专班办公室', 'bureau'],
    ['武汉临空港经济技术开发区商务局（工作专班办公室）', 'bureau'],
  ])('%j is %s', (form, id) => expect(findUnit(form)?.id).toBe(id));

  it.each([
    '机电',
    '东西湖区机电',
    '临空港',
    '东西湖区',
    '武汉市',
    '长青花园',
    '区',
    '办事处',
    '产业办',
    '常青街道',
  ])('%j names no unit', (form) => expect(findUnit(form)).toBeUndefined());

  it.each([
    ['长青街、机电办', ['changqing', 'jidian']],
    ['径河街/综保办', ['jinghe', 'zongbao']],
    ['东西湖区长青街道和区商务局', ['changqing', 'bureau']],
  ])('%j names two units: %j (findUnit answers none)', (form, ids) => {
    expect(unitsNamed(form).map((u) => u.id)).toEqual(ids);
    expect(findUnit(form)).toBeUndefined();
  });

  it.each(['武汉临空港经济技术开发区', '临空港经开区', '东西湖区合计', '武汉市东西湖区'])(
    'findTargetUnit(%j) is the district',
    (form) => expect(findTargetUnit(form)).toBe('district'),
  );
});
