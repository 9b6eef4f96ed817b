/**
 * Reads a zip's central directory without inflating anything (PKWARE APPNOTE 4.3.12–4.3.16,
 * ZIP64 4.3.14/4.5.3), so that the limits of docs/registers.md (uncompressed size,
 * ratio per entry) are checked before a single byte is inflated; then unpacks every entry once,
 * each deflate stream with its declared size as a hard ceiling (a zip may lie in its
 * directory), into a stored zip that SheetJS reads without inflating anything again.
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
  /** CRC-32 as declared (copied, not verified). */
  crc32: number;
  /** The name's bytes as stored (a view into the file). */
  rawName: Uint8Array;
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
    const rawName = b.subarray(p + 46, nameEnd);
    const name = decoder.decode(rawName);
    const crc32 = u32(b, p + 16);
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
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localOffset, crc32, rawName });
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

/** Why a zip could not be unpacked: which entry, and what is wrong with it. */
export interface UnpackProblem {
  ok: false;
  /** `over`: inflates past its declared size; `corrupt`: damaged; `encrypted`: ZIP encryption. */
  problem: 'over' | 'corrupt' | 'encrypted';
  entry: ZipEntry;
}

/**
 * Inflates every entry once — each deflate stream with a hard ceiling on its output, the
 * entry's declared uncompressed size — and writes the result as a *stored* (uncompressed) zip
 * of the same entries in the same order, which a zip reader then reads without inflating
 * anything again. A directory that lies is caught here (`over`): zlib stops as soon as the
 * ceiling is passed, so a bomb costs at most its declared size in memory. The output buffer
 * is sized from the declared sizes (already checked against the limits), so nothing else is
 * allocated but one entry's output at a time.
 *
 * Only what a zip reader needs is written: local headers (no data descriptors, no extra
 * fields), the central directory and its end record; CRC-32s are copied as declared.
 */
export function unpackToStoredZip(
  b: Uint8Array,
  entries: readonly ZipEntry[],
): { ok: true; zip: Buffer } | UnpackProblem {
  // The stored zip has no ZIP64 records: more entries than its directory can count is no
  // workbook (a real one has a few dozen parts).
  if (entries.length > 0xffff) return { ok: false, problem: 'corrupt', entry: entries[0] as ZipEntry };
  let capacity = 22;
  for (const e of entries) capacity += 30 + 46 + 2 * e.rawName.length + e.uncompressedSize;
  const out = Buffer.allocUnsafe(capacity);
  const offsets: number[] = [];
  const sizes: number[] = [];
  let p = 0;
  for (const e of entries) {
    const start = entryDataOffset(b, e);
    if (start < 0) return { ok: false, problem: 'corrupt', entry: e };
    // SheetJS refuses these local flags as encryption (traditional, strong, masked directory).
    if (u16(b, e.localOffset + 6) & 0x2041) return { ok: false, problem: 'encrypted', entry: e };
    const n = e.rawName.length;
    const dataAt = p + 30 + n;
    let size: number;
    if (e.method === 0) {
      if (start + e.compressedSize > b.length) return { ok: false, problem: 'corrupt', entry: e };
      if (e.compressedSize > e.uncompressedSize) return { ok: false, problem: 'over', entry: e };
      out.set(b.subarray(start, start + e.compressedSize), dataAt);
      size = e.compressedSize;
    } else {
      const inflated = inflateWithCeiling(b.subarray(start), e.uncompressedSize);
      if (typeof inflated === 'string') return { ok: false, problem: inflated, entry: e };
      out.set(inflated, dataAt);
      size = inflated.length;
    }
    out.writeUInt32LE(LOCAL, p);
    out.writeUInt16LE(20, p + 4); // version needed: 2.0
    out.writeUInt16LE(0, p + 6); // flags
    out.writeUInt16LE(0, p + 8); // method: stored
    out.writeUInt32LE(0x00210000, p + 10); // time 00:00, date 1980-01-01
    out.writeUInt32LE(e.crc32, p + 14);
    out.writeUInt32LE(size, p + 18);
    out.writeUInt32LE(size, p + 22);
    out.writeUInt16LE(n, p + 26);
    out.writeUInt16LE(0, p + 28);
    out.set(e.rawName, p + 30);
    offsets.push(p);
    sizes.push(size);
    p = dataAt + size;
  }
  const central = p;
  entries.forEach((e, i) => {
    const n = e.rawName.length;
    const size = sizes[i] as number;
    out.writeUInt32LE(CENTRAL, p);
    out.writeUInt16LE(20, p + 4); // version made by
    out.writeUInt16LE(20, p + 6); // version needed
    out.writeUInt16LE(0, p + 8);
    out.writeUInt16LE(0, p + 10);
    out.writeUInt32LE(0x00210000, p + 12);
    out.writeUInt32LE(e.crc32, p + 16);
    out.writeUInt32LE(size, p + 20);
    out.writeUInt32LE(size, p + 24);
    out.writeUInt16LE(n, p + 28);
    out.fill(0, p + 30, p + 42); // extra, comment, disk, attributes
    out.writeUInt32LE(offsets[i] as number, p + 42);
    out.set(e.rawName, p + 46);
    p += 46 + n;
  });
  out.writeUInt32LE(EOCD, p);
  out.writeUInt32LE(0, p + 4); // disk numbers
  out.writeUInt16LE(entries.length, p + 8);
  out.writeUInt16LE(entries.length, p + 10);
  out.writeUInt32LE(p - central, p + 12);
  out.writeUInt32LE(central, p + 16);
  out.writeUInt16LE(0, p + 20);
  return { ok: true, zip: out.subarray(0, p + 22) };
}

/**
 * A raw deflate stream inflated with a hard ceiling on its output: the bytes, or `'over'` when
 * the stream would inflate past the ceiling, or `'corrupt'`. One output chunk just over the
 * ceiling is allocated, so an honest stream is never copied and a lying one stops at the
 * first chunk.
 */
function inflateWithCeiling(stream: Uint8Array, ceiling: number): Buffer | 'over' | 'corrupt' {
  try {
    // maxOutputLength must be ≥ 1; +1 so that "exactly the ceiling" is allowed.
    const out = inflateRawSync(stream, {
      maxOutputLength: Math.max(1, ceiling + 1),
      chunkSize: Math.max(64, ceiling + 2),
    });
    return out.length > ceiling ? 'over' : out;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError)
      return 'over';
    return 'corrupt';
  }
}
