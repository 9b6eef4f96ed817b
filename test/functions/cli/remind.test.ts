import { describe, expect, it } from 'vitest';
import { parseArgs } from '#functions/cli/commands/remind';

describe('lkg remind arguments', () => {
  it.each([
    [
      ['2026-10'],
      { month: '2026-10', force: false, expression: 'cron(0 9 10 * ? *)', timeZone: 'Asia/Shanghai' },
    ],
    [['2026-10', '--force'], { month: '2026-10', force: true }],
    [['--publish-schedule', 'rate(1 day)', '2026-10'], { expression: 'rate(1 day)' }],
    [['2026-10', '--time-zone', 'UTC', '--json'], { timeZone: 'UTC', json: true }],
  ])('%o', (args, expected) => {
    expect(parseArgs(args, {})).toMatchObject(expected);
  });

  it.each([
    [[], '缺少月份'],
    [['2026-13'], '格式不正确'],
    [['2026-10', '--sender'], '缺少取值'],
    [['2026-10', '--publish'], '未知参数「--publish」'],
    [['2026-10', '2026-11'], '多出了参数'],
  ])('%o is refused: %s', (args, message) => {
    expect(parseArgs(args, {})).toEqual(expect.stringContaining(message));
  });

  it('the publish schedule from the environment, checked as cdk synth checks it', () => {
    expect(parseArgs(['2026-10'], { LKG_PUBLISH_SCHEDULE: 'cron(30 8 12 * ? *)' })).toMatchObject({
      expression: 'cron(30 8 12 * ? *)',
      timeZone: 'Asia/Shanghai',
    });
    expect(parseArgs(['2026-10'], { LKG_PUBLISH_SCHEDULE: 'monthly' })).toEqual(
      expect.stringContaining('发布计划设置有误：context lkg:publishSchedule is "monthly"'),
    );
  });
});
