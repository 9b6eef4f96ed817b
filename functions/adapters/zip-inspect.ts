/**
 * Reads a zip's central directory without inflating anything (PKWARE APPNOTE 4.3.12–4.3.16,
 * ZIP64 4.3.14/4.5.3), so that the limits of shared/spec/registers.md §1 (uncompressed size,
 * ratio per entry) are checked before a single byte is inflated, and then checks that each
 * deflate stream inflates to no more than its entry declared (a zip may lie in its directory).
 *
 * @example
 * ```ts
 * const dir = readCentralDirectory(bytes);
 * if (!dir.ok) … // damaged zip
 * const over = dir.entries.reduce((n, e) => n + e.uncompressedSize, 0) > limit;
 * ```
 *
 * @module
 */
import { inflateRawSync } from 'node:zlib';

/** One entry of the central directory, as the directory declares it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; other methods are refused. */
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local file header. */
  localOffset: number;
}

export type CentralDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; reason: string };

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
}
/** A 64-bit little-endian size as a number (exact up to 2^53; larger is "huge" anyway). */
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 2 ** 32;
}

/** The offset of the end-of-central-directory record, or -1 (searched from the end). */
function findEocd(b: Uint8Array): number {
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i;
  }
  return -1;
}

const decoder = new TextDecoder('utf-8');

/**
 * Parses the end-of-central-directory record (and its ZIP64 form) and every central directory
 * entry. Reads headers only: never inflates.
 */
export function readCentralDirectory(b: Uint8Array): CentralDirectory {
  const eocd = findEocd(b);
  if (eocd < 0 || u32(b, eocd) !== EOCD) return { ok: false, reason: '找不到 zip 中央目录' };
  let count = u16(b, eocd + 10);
  let size = u32(b, eocd + 12);
  let offset = u32(b, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(b, locator) !== ZIP64_LOCATOR) return { ok: false, reason: 'ZIP64 定位记录缺失' };
    const z = u64(b, locator + 8);
    if (z + 56 > b.length || u32(b, z) !== ZIP64_EOCD) return { ok: false, reason: 'ZIP64 目录尾记录缺失' };
    count = u64(b, z + 32);
    size = u64(b, z + 40);
    offset = u64(b, z + 48);
  }
  if (offset + size > b.length) return { ok: false, reason: '中央目录超出文件末尾' };
  // Each central entry is at least 46 bytes: a count beyond that is a lie.
  if (count * 46 > size) return { ok: false, reason: '中央目录条目数与大小不符' };
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > b.length || u32(b, p) !== CENTRAL) return { ok: false, reason: '中央目录条目损坏' };
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    let compressedSize = u32(b, p + 20);
    let uncompressedSize = u32(b, p + 24);
    const nameLength = u16(b, p + 28);
    const extraLength = u16(b, p + 30);
    const commentLength = u16(b, p + 32);
    let localOffset = u32(b, p + 42);
    const nameEnd = p + 46 + nameLength;
    if (nameEnd + extraLength + commentLength > b.length) return { ok: false, reason: '中央目录条目损坏' };
    const name = decoder.decode(b.subarray(p + 46, nameEnd));
    // ZIP64 extended information (0x0001): the 0xFFFFFFFF fields, in this order.
    let e = nameEnd;
    const extraEnd = nameEnd + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(b, e);
      const len = u16(b, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff) {
          uncompressedSize = u64(b, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(b, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(b, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localOffset });
    p = extraEnd + commentLength;
  }
  return { ok: true, entries };
}

/** Where an entry's data starts (after its local header), or -1 when the header is damaged. */
export function entryDataOffset(b: Uint8Array, entry: ZipEntry): number {
  const at = entry.localOffset;
  if (at + 30 > b.length || u32(b, at) !== LOCAL) return -1;
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
  return start > b.length ? -1 : start;
}

/**
 * Inflates a deflated entry with a hard ceiling on its output: the entry's declared
 * uncompressed size. Resolves to the bytes produced, or `'over'` when the stream would inflate
 * past the ceiling (the directory lied) — zlib stops as soon as the ceiling is passed, so a
 * bomb costs at most `ceiling` bytes of memory. The stream is read from the local data offset
 * to its own end, as SheetJS reads it.
 */
export function inflatedSize(b: Uint8Array, entry: ZipEntry, ceiling: number): number | 'over' | 'corrupt' {
  const start = entryDataOffset(b, entry);
  if (start < 0) return 'corrupt';
  if (entry.method === 0) return entry.compressedSize;
  try {
    // maxOutputLength must be ≥ 1; +1 so that "exactly the ceiling" is allowed.
    const out = inflateRawSync(b.subarray(start), { maxOutputLength: Math.max(1, ceiling + 1) });
    return out.length > ceiling ? 'over' : out.length;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      return 'over';
    return 'corrupt';
  }
}
