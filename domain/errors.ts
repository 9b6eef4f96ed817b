/**
 * The error hierarchy (docs/architecture.md, in the manner of Powertools for AWS Lambda):
 * each error has a `name`, an optional `cause` and an HTTP status. Below 500 the message
 * (Chinese) is shown to the caller; at 500 and above a generic one is. Errors are
 * classified by class, never by matching message text.
 *
 * @module
 */

export class LkgError extends Error {
  /** The HTTP status this error maps to. */
  readonly statusCode: number = 500;
  /** A stable machine-readable code (`problem+json` `code`). */
  readonly code: string = 'INTERNAL';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** True when the message may be shown to the caller. */
  get expose(): boolean {
    return this.statusCode < 500;
  }
}

/** The input is wrong; the message says what would be right. */
export class ValidationError extends LkgError {
  override readonly statusCode = 400;
  override readonly code: string = 'VALIDATION';
}

/** The caller has no valid token. */
export class UnauthorizedError extends LkgError {
  override readonly statusCode = 401;
  override readonly code = 'UNAUTHORIZED';
}

/** Nothing there, or nothing the caller may see (never 403: it must not reveal existence). */
export class NotFoundError extends LkgError {
  override readonly statusCode = 404;
  override readonly code = 'NOT_FOUND';
}

/** The state forbids the action now (e.g. publishing over an unfinished import). */
export class ConflictError extends LkgError {
  override readonly statusCode = 409;
  override readonly code: string = 'CONFLICT';
}

/** No policy is in force for the month asked (docs/policy.md): an error, not a guess. */
export class PolicyNotInForceError extends ValidationError {
  override readonly code = 'POLICY_NOT_IN_FORCE';
}
