import { InvalidArgumentError } from '../errors.js';

/**
 * Checks an octal permission ('750', '0750', '1770' or 0o750) and returns it as the service wants it
 * (3 or 4 octal digits; a 4th leading digit may only be the sticky bit). Throws InvalidArgumentError
 * otherwise, before any request: callers (e.g. a CLI's chmod) can validate input up front.
 */
export function validatePermission(permission: string | number): string {
  const s = typeof permission === 'number' ? permission.toString(8) : permission;
  if (!/^[0-7]{3,4}$/.test(s) || (s.length === 4 && !/^[01]/.test(s))) {
    throw new InvalidArgumentError(`Permission must be 3 or 4 octal digits like '750' (got '${s}').`);
  }
  return s;
}
