/**
 * The base of every error `apmatrix sim` expects and reports as one line
 * ("what is wrong: how to fix it"). Anything else is a bug and is reported
 * as "unexpected error".
 */
export class SimError extends Error {
  override name = 'SimError';
}
