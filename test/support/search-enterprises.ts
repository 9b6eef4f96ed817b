/**
 * The generated enterprises of the name-search test and of `bench:search`: key i, a name of
 * independent hash picks (places, words, kinds), three planted names with a fragment no
 * generated name holds, spread over eight streets.
 *
 * @module
 */
import type { RegisterRecord } from '#domain/types';
import type { StreetId } from '#domain/units';
import { r } from '../cases/record.ts';
import { mix } from './mix.ts';

export const MONTH = '2026-10';
export const STREETS: StreetId[] = [
  'changqing',
  'jinyinhu',
  'baiquan',
  'cihui',
  'zoumaling',
  'jinghe',
  'wujiashan',
  'dongshan',
];
const PLACES = '吴家山柏泉将军路慈惠走马岭径河长青辛安渡东山金银湖'.split('');
const WORDS = [
  '智能',
  '精密',
  '新材',
  '光电',
  '生物',
  '医药',
  '食品',
  '物流',
  '电子',
  '科技',
  '环保',
  '航空',
];
const KINDS = ['制造', '装备', '贸易', '服务', '包装', '仓储'];
/** Planted names with a fragment no generated name holds. */
export const PLANTED = ['星辰航空部件有限公司', '武汉星辰航空材料有限公司', '临空港星辰航空服务有限公司'];

export function enterprise(i: number): RegisterRecord {
  const key = `91420112MS${String(i).padStart(8, '0')}`;
  const pick = <T>(list: readonly T[], salt: number): T => list[mix(i, salt) % list.length] as T;
  const name =
    PLANTED[i % 16_000] ?? `${pick(PLACES, 1)}${pick(PLACES, 2)}${pick(WORDS, 3)}${pick(KINDS, 4)}公司`;
  return r({ key, name, street: STREETS[i % STREETS.length] as StreetId, month: MONTH });
}
