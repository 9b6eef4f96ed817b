/**
 * Hostile files, generated in the tests (no big binaries in git): a zip writer that may lie
 * in its central directory, minimal xlsx parts written by hand (lying dimensions, formulas
 * without cached values, date cells in the 1900 and 1904 systems), zip bombs, encrypted
 * OLE2 containers, a GB18030 encoder. No vitest here: the benchmark imports it too.
 *
 * @module
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';

// ─────────────────────────────── zip ───────────────────────────────

export interface ZipInput {
  name: string;
  /** The bytes as stored (already deflated when method is 8). */
  stored: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** The uncompressed size the headers declare. */
  size: number;
}

/** A stored or deflated entry from content. */
export function entry(name: string, content: string | Uint8Array, method: 0 | 8 = 8): ZipInput {
  const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    name,
    stored: method === 8 ? new Uint8Array(deflateRawSync(data)) : data,
    method,
    crc: crc32(data),
    size: data.length,
  };
}

/** Writes a zip: local headers, data, central directory, end record (ZIP64 when a size needs it). */
export function zip(entries: readonly ZipInput[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const big = e.size > 0xfffffffe || e.stored.length > 0xfffffffe;
    const zip64 = Buffer.alloc(big ? 20 : 0);
    if (big) {
      zip64.writeUInt16LE(0x0001, 0);
      zip64.writeUInt16LE(16, 2);
      zip64.writeBigUInt64LE(BigInt(e.size), 4);
      zip64.writeBigUInt64LE(BigInt(e.stored.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(big ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(big ? 0xffffffff : e.stored.length, 18);
    local.writeUInt32LE(big ? 0xffffffff : e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(zip64.length, 28);
    parts.push(local, name, zip64, Buffer.from(e.stored));
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(big ? 45 : 20, 4);
    cd.writeUInt16LE(big ? 45 : 20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(big ? 0xffffffff : e.stored.length, 20);
    cd.writeUInt32LE(big ? 0xffffffff : e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt16LE(zip64.length, 30);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name, zip64);
    offset += 30 + name.length + zip64.length + e.stored.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, cdBytes, end]));
}

/**
 * A deflate stream of `mib` MiB of zeros, about 1 KB per MiB: one MiB of zeros deflated with a
 * full flush (byte-aligned, no back-reference across it) repeated, then an empty final block.
 * Nothing of the gigabyte is ever in memory.
 */
export function zerosDeflated(mib: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const out = Buffer.alloc(block.length * mib + 5);
  for (let i = 0; i < mib; i++) block.copy(out, i * block.length);
  // final stored block, empty: BFINAL=1, BTYPE=00, LEN=0, NLEN=0xFFFF
  out.set([0x01, 0x00, 0x00, 0xff, 0xff], block.length * mib);
  return new Uint8Array(out);
}

/** CRC-32 of `mib` MiB of zeros. */
export function zerosCrc(mib: number): number {
  const chunk = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(chunk, crc);
  return crc;
}

// ─────────────────────────────── xlsx by hand ───────────────────────────────

export type XmlCell =
  | string
  | number
  | null
  | { formula: string; cached?: number }
  | { serial: number; style: 'date' }
  | { bool: boolean };

function esc(s: string): string {
  return s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');
}

function colName(j: number): string {
  let s = '';
  for (let n = j + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A worksheet XML: inline strings, numbers, formulas, date-styled serials; any `<dimension>`. */
export function sheetXml(rows: readonly (readonly XmlCell[])[], dimension?: string): string {
  const body = rows
    .map((row, i) => {
      const cells = row
        .map((c, j) => {
          const r = `${colName(j)}${i + 1}`;
          if (c == null) return '';
          if (typeof c === 'string') return `<c r="${r}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`;
          if (typeof c === 'number') return `<c r="${r}"><v>${c}</v></c>`;
          if ('formula' in c)
            return `<c r="${r}"><f>${esc(c.formula)}</f>${c.cached === undefined ? '' : `<v>${c.cached}</v>`}</c>`;
          if ('bool' in c) return `<c r="${r}" t="b"><v>${c.bool ? 1 : 0}</v></c>`;
          return `<c r="${r}" s="1"><v>${c.serial}</v></c>`;
        })
        .join('');
      return `<row r="${i + 1}">${cells}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${dimension ? `<dimension ref="${dimension}"/>` : ''}<sheetData>${body}</sheetData></worksheet>`;
}

/** The parts of a minimal xlsx around the given sheets (style 1 is a date format). */
export function xlsxParts(
  sheets: readonly { name: string; xml: string }[],
  options: { date1904?: boolean } = {},
): ZipInput[] {
  const ct = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('')}</Types>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${options.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets
    .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join(
      '',
    )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  return [
    entry('[Content_Types].xml', ct),
    entry('_rels/.rels', rels),
    entry('xl/workbook.xml', workbook),
    entry('xl/_rels/workbook.xml.rels', wbRels),
    entry('xl/styles.xml', styles),
    ...sheets.map((s, i) => entry(`xl/worksheets/sheet${i + 1}.xml`, s.xml)),
  ];
}

/** A minimal xlsx of these sheets. */
export function handXlsx(
  sheets: readonly { name: string; xml: string }[],
  options: { date1904?: boolean } = {},
): Uint8Array {
  return zip(xlsxParts(sheets, options));
}

// ─────────────────────────────── OLE2 ───────────────────────────────

/** An OLE2 container holding these streams (SheetJS's CFB writer). */
export function ole2(streams: Record<string, Uint8Array>): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(streams)) XLSX.CFB.utils.cfb_add(cfb, `/${name}`, data);
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
}

/** An xlsx encrypted as Office does it: an OLE2 container with EncryptionInfo + EncryptedPackage. */
export function encryptedXlsx(): Uint8Array {
  // Agile encryption header (version 4.4, reserved 0x40) followed by its XML descriptor.
  const head = new Uint8Array([0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00]);
  const xml = new TextEncoder().encode(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/></encryption>',
  );
  const info = new Uint8Array(head.length + xml.length);
  info.set(head);
  info.set(xml, head.length);
  const pkg = new Uint8Array(4096);
  pkg[0] = 0x00;
  pkg[1] = 0x10; // declared package size
  for (let i = 8; i < pkg.length; i++) pkg[i] = (i * 131) & 0xff;
  return ole2({ EncryptionInfo: info, EncryptedPackage: pkg });
}

/** A BIFF8 .xls whose workbook stream carries a FilePass record (password to open). */
export function encryptedXls(): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['统一社会信用代码', '所在街道']]), '台账');
  const xls = XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer;
  const cfb = XLSX.CFB.read(new Uint8Array(xls), { type: 'array' });
  const stream = XLSX.CFB.find(cfb, 'Workbook');
  const content = Uint8Array.from(stream.content as ArrayLike<number>);
  // BOF is the first record: 4-byte header + its length. FilePass (0x002F): XOR obfuscation.
  const bofLength = (content[2] ?? 0) | ((content[3] ?? 0) << 8);
  const at = 4 + bofLength;
  const filePass = new Uint8Array([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56]);
  const patched = new Uint8Array(content.length + filePass.length);
  patched.set(content.subarray(0, at));
  patched.set(filePass, at);
  patched.set(content.subarray(at), at + filePass.length);
  stream.content = patched;
  stream.size = patched.length;
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
}

// ─────────────────────────────── text ───────────────────────────────

let gbTable: Map<string, number[]> | null = null;

/**
 * Encodes text as GB18030: two-byte GBK characters from a table built by decoding every
 * two-byte sequence, four-byte characters from an explicit list (𠀀 U+20000 = 95 32 82 36).
 */
export function encodeGb18030(
  text: string,
  fourByte: Record<string, number[]> = { 𠀀: [0x95, 0x32, 0x82, 0x36] },
): Uint8Array {
  if (!gbTable) {
    gbTable = new Map();
    const d = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = d.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (fourByte[ch]) out.push(...(fourByte[ch] as number[]));
    else {
      const bytes = gbTable.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

/** Deterministic pseudo-random bytes (xorshift32), never starting with a known magic. */
export function randomBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  out[0] = 0x13; // not P, not D0, not a text byte
  return out;
}
