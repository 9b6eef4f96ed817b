/**
 * 武临开办〔2020〕1号 as data: policy version `2020-1`, in force from 2020-04-27
 * (docs/policy.md). The notice's text is beside this file: `notice-2020-1.txt`.
 *
 * Plain data in the policy schema (`schema.ts`, the same a draft JSON file holds), validated by
 * `parsePolicy` when this module loads. Every `text` below is copied exactly from the notice (a
 * test checks each is a substring of it). The rules that read these entries are in
 * `domain/assess.ts` (the rule library), selected by `rules` and `citations` below.
 *
 * @module
 */
import { type Clause, type PolicyInput, parsePolicy } from './schema.ts';

const FROM = '2020-04-27';

function clause(id: string, section: string, title: string, text: string): Clause {
  return { id, section, title, text, effectiveFrom: FROM, effectiveTo: null };
}

const CLAUSES: Clause[] = [
  clause(
    '2.street',
    '二',
    '属地街道服务并承接经济指标',
    '街道办事处工作职责：负责划转到属地街道企业的经济和社会服务工作，政策兑现，并承接园区划转的存量项目和新入驻项目经济指标。',
  ),
  clause(
    '2.safety',
    '二',
    '安全生产属地管理',
    '企业安全生产管理工作按照属地管理的原则，由属地街道负责，产业建设管理办公室协助配合。',
  ),
  clause(
    '3.1.key',
    '三、一是',
    '京东方、康宁重大项目由机电产业办全程负责',
    '对京东方、康宁重大项目和全产业链项目，继续由机电产业建设管理办公室负责全程招商和服务，其经济指标由机电产业建设管理办公室承担。',
  ),
  clause(
    '3.1.sme-city',
    '三、一是',
    '中小企业城整体划转慈惠街',
    '在慈惠街属地的中小企业城整体划转给慈惠街，经济指标同时划转',
  ),
  clause(
    '3.1.changqing',
    '三、一是',
    '长青街属地的新沟镇街、东山街项目整体划转长青街',
    '在长青街属地的新沟镇街、东山街项目整体划转给长青街服务，经济指标同时划转。',
  ),
  clause(
    '3.1.retained',
    '三、一是',
    '板块内已建成投产项目由产业办保留',
    '一是各产业建设管理办公室已建成投产的项目。按产业相对集聚、板块相对集中的原则进行保留，由产业建设管理办公室继续服务，并承接经济指标。',
  ),
  clause(
    '3.1.transferred',
    '三、一是',
    '板块外已建成投产项目划转属地街道',
    '板块以外零星落户在其他街道的项目，按照属地服务和经济指标随着项目走的原则，划转移交到属地街道。',
  ),
  clause(
    '3.2.in-cluster',
    '三、二是',
    '板块内在建、已签约、新引进项目由产业办全程负责',
    '二是在建项目、已签约项目、新引进项目。产业建设管理办公室招商的项目，选址在其所属板块内的，由产业建设管理办公室全程负责服务，并承担经济指标。',
  ),
  clause(
    '3.2.pre-handover',
    '三、二是',
    '板块外项目建成前由产业办牵头、属地街道配合，建成后移交',
    '产业建设管理办公室招商的项目，选址在其所属板块以外的，前期招商引资、项目落地建设服务以产业建设管理办公室为主体，属地街道配合；项目建成后，移交属地街道负责，并承担经济指标和企业后期经济和社会服务管理工作。',
  ),
  clause(
    '3.3',
    '三、三是',
    '街道之间扩产、搬迁随新选址',
    '三是街道与街道之间企业扩产、搬迁的项目。以新选址属地街道服务为主，新项目的经济指标同时划转到所属街道。',
  ),
  clause(
    '3.4',
    '三、四是',
    '规上工业按实际经营地统计和服务',
    '四是现有存量规模以上工业企业，街道与街道之间实际经营地和统计归属地不一致的项目。全部按实际经营地纳入统计和项目服务。',
  ),
  clause('4', '四', '产业办招商重点', '各产业建设管理办公室要按照各自产业发展方向明确招商引资重点'),
];

/**
 * The 板块 of clause 3.1 (docs/policy.md).
 *
 * Reading (docs/policy.md): 现代服务 has no cluster, so every built 现代服务 project goes to its
 * street, and every unbuilt one is led by the office until completion (3.2).
 * gaoxin's cluster is the park only (zone changqing-park), not the rest of 长青街.
 */
const CLUSTERS: PolicyInput['clusters'] = {
  jidian: {
    streets: ['changqing', 'jinghe'],
    zones: [],
    text: '机电产业建设管理办公室企业相对集聚、板块相对集中的区域主要在长青街和径河街。',
  },
  shipin: {
    streets: ['zoumaling'],
    zones: [],
    text: '食品医药产业建设管理办公室企业相对集聚、板块相对集中的区域主要在走马岭街。',
  },
  zongbao: {
    streets: ['zoumaling'],
    zones: ['zongbao-1', 'zongbao-2'],
    text: '综合保税物流产业建设管理办公室企业相对集聚、板块相对集中的区域主要在综保区一期和二期、走马岭街。',
  },
  gaoxin: {
    streets: [],
    zones: ['changqing-park'],
    text: '高新技术产业建设管理办公室企业相对集聚、板块相对集中的区域主要在长青街1平方公里经济园区内。',
  },
  linkong: {
    streets: ['baiquan'],
    zones: [],
    text: '临空产业建设管理办公室企业相对集聚、板块相对集中的区域主要在柏泉街。',
  },
  xiandai: { streets: [], zones: [], text: null },
};

/** The 招商重点 of clause 4 (docs/policy.md): 产业类别 values by office. */
const FOCUS: PolicyInput['focus'] = {
  jidian: {
    categories: ['智能装备制造', '新能源', '新材料', '光电子'],
    text: '机电产业建设管理办公室：引进智能装备制造产业、新能源和新材料产业、光电子产业。',
  },
  gaoxin: {
    categories: ['孵化加速器', '科创企业', '初创企业', '高新技术企业', '高端人才'],
    text: '高新技术产业建设管理办公室：引进高质量的孵化加速器、科创企业、初创企业、高新技术企业和高端人才。',
  },
  shipin: {
    categories: ['食品', '大健康', '保健品', '生物医药'],
    text: '食品医药产业建设管理办公室：引进国内外知名食品企业，发展大健康产业、保健品产业和生物医药产业。',
  },
  zongbao: {
    categories: ['出口加工', '出口贸易', '跨境电商'],
    text: '综合保税物流产业建设管理办公室：围绕出口型生产加工项目、出口贸易型项目、跨境电商等项目招商引资。',
  },
  linkong: {
    categories: ['航空材料', '高端现代服务业', '总部经济'],
    text: '临空产业建设管理办公室：引进航空材料制造业、高端现代服务业、总部经济等。',
  },
  xiandai: {
    categories: ['网络信息', '人工智能', '人才培养', '大数据'],
    text: '现代服务产业建设管理办公室：引进知名的网络信息、人工智能、人才培养、大数据等为主的互联网信息技术企业。',
  },
};

/**
 * The data of policy 2020-1 exactly as a JSON file would hold it (`JSON.stringify` of it is a
 * valid draft: docs/policy.md "Adding a policy version").
 */
export const POLICY_2020_1_DATA = {
  id: '2020-1',
  docNumber: '武临开办〔2020〕1号',
  title:
    '武汉临空港开发区管委会办公室（东西湖区人民政府办公室）关于进一步加强街道与产业办招商引资和企业服务有关工作的通知',
  effectiveFrom: FROM,
  notice: 'notice-2020-1.txt',
  clauses: CLAUSES,
  clusters: CLUSTERS,
  focus: FOCUS,
  /**
   * Reading (docs/policy.md): keyProject wins over every other rule, including sme-city — the
   * notice says 京东方、康宁…继续由机电产业建设管理办公室负责全程招商和服务.
   */
  keyProjects: [
    { id: 'boe', name: '京东方', office: 'jidian', clause: '3.1.key' },
    { id: 'corning', name: '康宁', office: 'jidian', clause: '3.1.key' },
  ],
  /**
   * Reading (docs/policy.md): 中小企业城 and the 新沟镇街/东山街 projects in 长青街 are moved 整体
   * (wholly): the wholeMove rules apply at every stage, not only to built projects.
   * "新沟镇街、东山街项目" are the records whose 招商单位 / 原服务单位 is 新沟镇街 or 东山街.
   */
  wholeMoves: [
    { clause: '3.1.sme-city', to: 'cihui', zone: 'sme-city', street: null, recruiters: [] },
    {
      clause: '3.1.changqing',
      to: 'changqing',
      zone: null,
      street: 'changqing',
      recruiters: ['xingouzhen', 'dongshan'],
    },
  ],
  /**
   * Rules 1–9 of docs/policy.md, in order: the first that matches decides. Reading (docs/policy.md):
   * keyProject first (it wins over sme-city); the wholeMoves next, at every stage.
   */
  rules: [
    { rule: 'keyProject', clause: '3.1.key' },
    { rule: 'wholeMove', clause: '3.1.sme-city' },
    { rule: 'wholeMove', clause: '3.1.changqing' },
    { rule: 'retained', clause: '3.1.retained' },
    { rule: 'transferred', clause: '3.1.transferred' },
    { rule: 'inCluster', clause: '3.2.in-cluster' },
    { rule: 'preHandover', clause: '3.2.pre-handover' },
    { rule: 'movement', clause: '3.3' },
    { rule: 'street', clause: '2.street' },
  ],
  /** After the decision: the safety unit (2.safety), then 3.4 and 4 where they apply. */
  citations: [
    { rule: 'safety', clause: '2.safety' },
    { rule: 'statStreet', clause: '3.4' },
    { rule: 'focus', clause: '4' },
  ],
} satisfies PolicyInput;

/**
 * Policy 2020-1: 武临开办〔2020〕1号, in force from 2020-04-27 (so for every month from 2020-04).
 */
export const POLICY_2020_1 = parsePolicy(POLICY_2020_1_DATA);
