/**
 * Units, zones and their accepted names (docs/policy.md).
 *
 * Every output names units by these ids; inputs name them in Chinese in any listed form.
 * Matching is exact after {@link normalizeName}: no fuzzy matching (长青 and 常青 are
 * different places).
 *
 * @module
 */

export const STREET_IDS = [
  'wujiashan',
  'baiquan',
  'jiangjunlu',
  'cihui',
  'zoumaling',
  'jinghe',
  'changqing',
  'xinandu',
  'dongshan',
  'changqinghuayuan',
  'xingouzhen',
  'jinyinhu',
] as const;
export type StreetId = (typeof STREET_IDS)[number];

export const OFFICE_IDS = ['jidian', 'shipin', 'zongbao', 'gaoxin', 'linkong', 'xiandai'] as const;
export type OfficeId = (typeof OFFICE_IDS)[number];

export type BureauId = 'bureau';
/** A unit that serves enterprises or receives summaries. */
export type UnitId = StreetId | OfficeId | BureauId;
/** The targets sheet may also name the district itself. */
export type TargetUnitId = UnitId | 'district';

export const ZONE_IDS = ['zongbao-1', 'zongbao-2', 'changqing-park', 'sme-city'] as const;
export type ZoneId = (typeof ZONE_IDS)[number];

export type UnitKind = 'street' | 'office' | 'bureau';

export interface UnitInfo {
  readonly id: UnitId;
  readonly kind: UnitKind;
  /** The official Chinese name, as people read it. */
  readonly name: string;
  /** Other accepted forms (docs/policy.md "also accepted"). */
  readonly aliases: readonly string[];
}

export interface ZoneInfo {
  readonly id: ZoneId;
  readonly name: string;
  readonly aliases: readonly string[];
  /** The street the zone lies in, when the notice fixes it; null: any street, not checked. */
  readonly liesIn: StreetId | null;
}

function streetAliases(base: string): string[] {
  return [
    base,
    `${base}街道`,
    `${base}街道办事处`,
    `${base}办事处`,
    `${base}街办事处`,
    `${base}街道办`,
    `${base}街办`,
  ];
}

export const UNITS: readonly UnitInfo[] = [
  { id: 'wujiashan', kind: 'street', name: '吴家山街', aliases: streetAliases('吴家山') },
  { id: 'baiquan', kind: 'street', name: '柏泉街', aliases: streetAliases('柏泉') },
  { id: 'jiangjunlu', kind: 'street', name: '将军路街', aliases: streetAliases('将军路') },
  { id: 'cihui', kind: 'street', name: '慈惠街', aliases: streetAliases('慈惠') },
  { id: 'zoumaling', kind: 'street', name: '走马岭街', aliases: streetAliases('走马岭') },
  { id: 'jinghe', kind: 'street', name: '径河街', aliases: streetAliases('径河') },
  { id: 'changqing', kind: 'street', name: '长青街', aliases: streetAliases('长青') },
  { id: 'xinandu', kind: 'street', name: '辛安渡街', aliases: streetAliases('辛安渡') },
  { id: 'dongshan', kind: 'street', name: '东山街', aliases: streetAliases('东山') },
  {
    id: 'changqinghuayuan',
    kind: 'street',
    name: '常青花园',
    aliases: ['常青花园新区', '常青花园新区街', '常青花园新区管理委员会', '常青花园新区管委会', '常青花园街'],
  },
  { id: 'xingouzhen', kind: 'street', name: '新沟镇街', aliases: streetAliases('新沟镇') },
  { id: 'jinyinhu', kind: 'street', name: '金银湖街', aliases: streetAliases('金银湖') },
  { id: 'jidian', kind: 'office', name: '机电产业建设管理办公室', aliases: ['机电产业办', '机电办'] },
  {
    id: 'shipin',
    kind: 'office',
    name: '食品医药产业建设管理办公室',
    aliases: ['食品医药产业办', '食品医药办', '食品办'],
  },
  {
    id: 'zongbao',
    kind: 'office',
    name: '综合保税物流产业建设管理办公室',
    aliases: ['综合保税物流产业办', '综保物流产业办', '综保物流办', '综保办'],
  },
  {
    id: 'gaoxin',
    kind: 'office',
    name: '高新技术产业建设管理办公室',
    aliases: ['高新技术产业办', '高新产业办', '高新办'],
  },
  { id: 'linkong', kind: 'office', name: '临空产业建设管理办公室', aliases: ['临空产业办', '临空办'] },
  {
    id: 'xiandai',
    kind: 'office',
    name: '现代服务产业建设管理办公室',
    aliases: ['现代服务产业办', '现代服务办', '现代办'],
  },
  {
    id: 'bureau',
    kind: 'bureau',
    name: '区商务局（工作专班办公室）',
    aliases: ['区商务局', '商务局', '工作专班', '专班办公室'],
  },
];

export const DISTRICT = { id: 'district', name: '全区', aliases: ['全区合计', '东西湖区'] } as const;

export const ZONES: readonly ZoneInfo[] = [
  { id: 'zongbao-1', name: '综保区一期', aliases: ['综合保税区一期'], liesIn: null },
  { id: 'zongbao-2', name: '综保区二期', aliases: ['综合保税区二期'], liesIn: null },
  {
    id: 'changqing-park',
    name: '长青街1平方公里经济园区',
    aliases: ['长青1平方公里经济园区', '1平方公里经济园区', '一平方公里经济园区'],
    liesIn: 'changqing',
  },
  { id: 'sme-city', name: '中小企业城', aliases: ['东西湖中小企业城'], liesIn: 'cihui' },
];

/**
 * Normalises a name as a person may type it: NFKC (full-width to half-width), then every
 * kind of white space removed.
 */
export function normalizeName(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '');
}

/**
 * Letterheads put the district before a unit's name: 区机电办, 东西湖区长青街道办事处,
 * 临空港经开区综保办. These prefixes are accepted before every accepted form.
 */
export const LETTERHEAD_PREFIXES: readonly string[] = [
  '区',
  '东西湖区',
  '临空港经开区',
  '临空港经济技术开发区',
];

const unitByForm = new Map<string, UnitInfo>();
for (const unit of UNITS) {
  for (const form of [unit.name, unit.id, ...unit.aliases]) unitByForm.set(normalizeName(form), unit);
}
for (const unit of UNITS) {
  if (unit.kind === 'bureau') continue;
  for (const form of [unit.name, ...unit.aliases])
    for (const prefix of LETTERHEAD_PREFIXES) {
      const n = normalizeName(`${prefix}${form}`);
      if (!unitByForm.has(n)) unitByForm.set(n, unit);
    }
}
const zoneByForm = new Map<string, ZoneInfo>();
for (const zone of ZONES) {
  for (const form of [zone.name, zone.id, ...zone.aliases]) zoneByForm.set(normalizeName(form), zone);
}
const unitById = new Map<string, UnitInfo>(UNITS.map((u) => [u.id, u]));
const zoneById = new Map<string, ZoneInfo>(ZONES.map((z) => [z.id, z]));

// ─────────────────────────── names as letterheads write them ───────────────────────────

/**
 * The district and the zone as letterheads write them before (or, in brackets, after) a unit's
 * name, longest first: 武汉市东西湖区长青街道办事处, 武汉临空港经济技术开发区（东西湖区）机电办,
 * 临空港经开区综保办, 区高新办, 长青街道办事处（东西湖区）.
 */
export const DISTRICT_FORMS: readonly string[] = [
  '武汉临空港经济技术开发区(东西湖区)',
  '临空港经济技术开发区(东西湖区)',
  '武汉临空港经开区(东西湖区)',
  '临空港经开区(东西湖区)',
  '武汉市东西湖区',
  '武汉临空港经济技术开发区',
  '临空港经济技术开发区',
  '武汉临空港经开区',
  '临空港经开区',
  '东西湖区',
  '武汉市',
  '区',
];

/**
 * What a street's name carries after its place name (吴家山 + 街道办事处), longest first; the
 * bare place name is a street too (吴家山).
 */
export const STREET_SUFFIXES: readonly string[] = [
  '街道办事处',
  '街办事处',
  '街道办',
  '街道',
  '街办',
  '办事处',
  '街',
];

/**
 * What an industry office's name carries after its industry (机电 + 产业建设管理办公室), longest
 * first. The bare industry is no office (机电 is not 机电办).
 */
export const OFFICE_SUFFIXES: readonly string[] = [
  '产业建设管理办公室',
  '产业管理办公室',
  '产业办公室',
  '建设管理办公室',
  '管理办公室',
  '办公室',
  '产业办',
  '办',
];

/** The place or industry names of each unit, as letterheads shorten them. */
const UNIT_CORES: Readonly<Record<Exclude<UnitId, BureauId>, readonly string[]>> = {
  wujiashan: ['吴家山'],
  baiquan: ['柏泉'],
  jiangjunlu: ['将军路'],
  cihui: ['慈惠'],
  zoumaling: ['走马岭'],
  jinghe: ['径河'],
  changqing: ['长青'],
  xinandu: ['辛安渡'],
  dongshan: ['东山'],
  changqinghuayuan: ['常青花园', '常青花园新区'],
  xingouzhen: ['新沟镇'],
  jinyinhu: ['金银湖'],
  jidian: ['机电'],
  shipin: ['食品医药', '食品'],
  zongbao: ['综合保税物流', '综保物流', '综合保税', '综保'],
  gaoxin: ['高新技术', '高新'],
  linkong: ['临空'],
  xiandai: ['现代服务', '现代'],
};

const streetByCore = new Map<string, UnitInfo>();
const officeByCore = new Map<string, UnitInfo>();
for (const [id, cores] of Object.entries(UNIT_CORES)) {
  const unit = unitById.get(id) as UnitInfo;
  for (const core of cores) (unit.kind === 'street' ? streetByCore : officeByCore).set(core, unit);
}

/** The bureau's own words: 商务局 (区商务局, 东西湖区商务局, 商务局投资促进科 …) and 工作专班. */
const BUREAU_WORDS = /^(?:商务局|工作专班|专班办公室)/u;
const BRACKETS = /[（(]([^（）()]*)[）)]/gu;
const SEPARATORS = /[、，,/／;；]|和|及/u;

/** The district prefixes a name may carry (none, one, or the district then 区 …), each stripped off. */
function withoutDistrict(name: string): string[] {
  const out = [name];
  for (let i = 0; i < out.length && out.length < 8; i++) {
    const n = out[i] as string;
    for (const form of DISTRICT_FORMS) {
      if (n.startsWith(form) && n.length > form.length) out.push(n.slice(form.length));
      const tail = `(${form})`;
      if (form !== '区' && n.endsWith(tail) && n.length > tail.length) out.push(n.slice(0, -tail.length));
    }
  }
  return out;
}

/** The units one name (no separators) can mean by the rule. */
function unitsByRule(name: string): Set<UnitInfo> {
  const found = new Set<UnitInfo>();
  for (const n of withoutDistrict(name)) {
    const exact = unitByForm.get(n);
    if (exact) {
      found.add(exact);
      continue;
    }
    if (BUREAU_WORDS.test(n)) found.add(unitById.get('bureau') as UnitInfo);
    const street = streetByCore.get(n);
    if (street) found.add(street);
    for (const suffix of STREET_SUFFIXES) {
      if (!n.endsWith(suffix) || n.length === suffix.length) continue;
      const hit = streetByCore.get(n.slice(0, -suffix.length));
      if (hit) found.add(hit);
    }
    for (const suffix of OFFICE_SUFFIXES) {
      if (!n.endsWith(suffix) || n.length === suffix.length) continue;
      const hit = officeByCore.get(n.slice(0, -suffix.length));
      if (hit) found.add(hit);
    }
  }
  return found;
}

/**
 * Every unit a name may mean, by the list and by the rule: the district and zone prefixes (and
 * a bracketed district after the name) stripped, the street's (街道办事处/街道办/街道/办事处 …)
 * and the office's (产业建设管理办公室/产业管理办公室/产业办公室/产业办/办) endings normalised;
 * a cell naming several (长青街、机电办) gives each. Empty: no unit.
 */
export function unitsNamed(raw: string): UnitInfo[] {
  const n = normalizeName(raw);
  const exact = unitByForm.get(n);
  if (exact) return [exact];
  const found = unitsByRule(n);
  if (found.size === 0 && SEPARATORS.test(n)) {
    for (const part of n.split(SEPARATORS)) if (part !== '') for (const u of unitsByRule(part)) found.add(u);
  }
  if (found.size === 0) {
    // A bracketed remark after the name (长青街道（属地）) is not part of it.
    const bare = n.replace(BRACKETS, '');
    if (bare !== n && bare !== '') for (const u of unitsByRule(bare)) found.add(u);
  }
  return [...found];
}

/** The unit a Chinese name (any accepted form) or an id names; undefined when none or more than one. */
export function findUnit(raw: string): UnitInfo | undefined {
  const n = normalizeName(raw);
  const exact = unitByForm.get(n);
  if (exact) return exact;
  const units = unitsNamed(n);
  return units.length === 1 ? units[0] : undefined;
}

/** The district itself in a targets sheet: 全区, 东西湖区, the zone's names (武汉临空港经济技术开发区 …). */
const DISTRICT_NAMES: ReadonlySet<string> = new Set(
  [
    DISTRICT.id,
    DISTRICT.name,
    ...DISTRICT.aliases,
    ...DISTRICT_FORMS.filter((f) => f !== '区' && f !== '武汉市'),
  ].map(normalizeName),
);

/** The unit named, or the district for targets; undefined when none. */
export function findTargetUnit(raw: string): TargetUnitId | undefined {
  const n = normalizeName(raw);
  if (DISTRICT_NAMES.has(n) || DISTRICT_NAMES.has(n.replace(/合计$/u, ''))) {
    return 'district';
  }
  return findUnit(n)?.id;
}

/** The zone a Chinese name (any accepted form) or an id names; undefined when none. */
export function findZone(raw: string): ZoneInfo | undefined {
  return zoneByForm.get(normalizeName(raw));
}

export function unitInfo(id: UnitId): UnitInfo {
  const unit = unitById.get(id);
  if (!unit) throw new RangeError(`unknown unit id: ${id}`);
  return unit;
}

export function zoneInfo(id: ZoneId): ZoneInfo {
  const zone = zoneById.get(id);
  if (!zone) throw new RangeError(`unknown zone id: ${id}`);
  return zone;
}

/** The Chinese name of a unit (or 全区 for the district). */
export function unitName(id: TargetUnitId): string {
  return id === 'district' ? DISTRICT.name : unitInfo(id).name;
}

export function isUnitId(value: string): value is UnitId {
  return unitById.has(value);
}

export function isStreet(id: string | null | undefined): id is StreetId {
  return id != null && unitById.get(id)?.kind === 'street';
}

export function isOffice(id: string | null | undefined): id is OfficeId {
  return id != null && unitById.get(id)?.kind === 'office';
}

/** The street names a message lists as the valid choices (e.g. 可填写：吴家山街、柏泉街、…). */
export const STREET_NAMES: readonly string[] = UNITS.filter((u) => u.kind === 'street').map((u) => u.name);
