import { UserError } from '../../electron/engine/errors';

/** Runs `fn` and returns the UserError it throws; fails the test if it succeeds or throws anything else. */
export function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}
