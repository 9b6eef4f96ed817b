/**
 * `lkg import` waits for its report while other imports of the same key rewrite it: a read cut
 * off by a rewrite is read again on the next poll; any other failure is the caller's.
 */
import { describe, expect, it } from 'vitest';
import { isTransientRead } from '#functions/cli/commands/import';

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

describe('a report read racing its rewrite', () => {
  it.each([
    ['the body cut off (s3rver replaced the file)', new Error('aborted'), true],
    ['the connection reset', new Error('read ECONNRESET'), true],
    ['the socket hung up', new Error('socket hang up'), true],
    ['gone between HEAD and GET', named('NoSuchKey'), true],
    ['half a JSON document', new SyntaxError('Unexpected end of JSON input'), true],
    ['access denied', named('AccessDenied', 'Access Denied'), false],
    ['no such bucket', named('NoSuchBucket', 'The specified bucket does not exist'), false],
    ['not an error at all', 'aborted', false],
  ])('%s → read again: %s', (_case, error, transient) => {
    expect(isTransientRead(error)).toBe(transient);
  });
});
