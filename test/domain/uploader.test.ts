import { describe, expect, it } from 'vitest';
import { uploaderOf } from '#domain/uploader';

describe('uploaderOf: the unit folder decides, a recorded identity must agree', () => {
  const cases: Array<[string, string, string | null | undefined, string | null]> = [
    // name, key, recorded identity, expected unit (null: E_UPLOAD_FOLDER)
    ['the bureau’s folder', 'uploads/bureau/台账.xlsx', undefined, 'bureau'],
    ['a street’s folder', 'uploads/changqing/2026-10.xlsx', null, 'changqing'],
    ['an office’s folder', 'uploads/jidian/a.csv', undefined, 'jidian'],
    ['a subfolder of a unit’s folder', 'uploads/changqing/十月/a.xlsx', undefined, 'changqing'],
    ['recorded identity names the same unit', 'uploads/changqing/a.xlsx', 'changqing', 'changqing'],
    ['recorded identity with spaces around', 'uploads/changqing/a.xlsx', ' changqing ', 'changqing'],
    ['recorded identity of another unit', 'uploads/changqing/a.xlsx', 'baiquan', null],
    ['recorded identity of the bureau in a street’s folder', 'uploads/changqing/a.xlsx', 'bureau', null],
    ['a street’s identity in the bureau’s folder', 'uploads/bureau/a.xlsx', 'changqing', null],
    ['recorded identity that is no unit', 'uploads/changqing/a.xlsx', 'evil', null],
    ['recorded identity empty', 'uploads/changqing/a.xlsx', '', null],
    ['no unit folder', 'uploads/a.xlsx', undefined, null],
    ['an unknown folder', 'uploads/examples/a.xlsx', undefined, null],
    ['a unit name instead of its id', 'uploads/长青街/a.xlsx', undefined, null],
    ['case matters', 'uploads/Changqing/a.xlsx', undefined, null],
    ['outside uploads/', 'reports/changqing/a.xlsx', undefined, null],
    ['an empty folder name', 'uploads//a.xlsx', undefined, null],
  ];
  it.each(cases)('%s', (_name, key, recorded, unit) => {
    const verdict = uploaderOf(key, recorded);
    if (unit) {
      expect(verdict).toEqual({ ok: true, unit });
    } else {
      expect(verdict.ok).toBe(false);
      if (verdict.ok) return;
      expect(verdict.finding.code).toBe('E_UPLOAD_FOLDER');
      expect(verdict.finding.severity).toBe('error');
      expect(verdict.finding.message).toContain('uploads/<单位编号>/');
    }
  });
});
