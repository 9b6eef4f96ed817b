/** Times people read in the CLI are Beijing time (UTC+8, no daylight saving). */
import { describe, expect, it } from 'vitest';
import { beijingTime } from '#functions/cli/format';

describe('beijingTime', () => {
  it.each([
    ['2026-11-10T01:00:00.000Z', '2026-11-10 09:00:00（北京时间）'],
    ['2026-10-31T15:59:59Z', '2026-10-31 23:59:59（北京时间）'],
    ['2026-10-31T16:00:00Z', '2026-11-01 00:00:00（北京时间）'],
    ['2026-12-31T16:00:00Z', '2027-01-01 00:00:00（北京时间）'],
    ['not a time', 'not a time'],
  ])('%s → %s', (iso, text) => {
    expect(beijingTime(iso)).toBe(text);
  });
});
