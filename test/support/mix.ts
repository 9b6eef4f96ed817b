/**
 * A 32-bit hash of (i, salt): independent, deterministic picks for each part of a generated
 * name or record (the search test and the API benchmark generate enterprises with it).
 */
export function mix(i: number, salt: number): number {
  let h = Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae3d);
  h ^= h >>> 13;
  h = Math.imul(h, 0x27d4eb2f);
  h ^= h >>> 16;
  return h >>> 0;
}
