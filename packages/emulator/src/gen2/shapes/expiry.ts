import type { Inode } from '../../store/inode.js';
import { gen2Errors } from '../errors.js';
import { httpDate } from './http-dates.js';

const OPTIONS = ['NeverExpire', 'RelativeToCreation', 'RelativeToNow', 'Absolute'] as const;
export type ExpiryOption = (typeof OPTIONS)[number];

/** When a file expires (ms since the epoch, 0 = never), computed from the file once it is known. */
export type ExpiryRule = (node: Inode) => number;

/**
 * `x-ms-expiry-option` + `x-ms-expiry-time` (Set Expiry, Path_Create): the relative options take milliseconds,
 * Absolute an RFC 1123 date, NeverExpire no time. Undefined when no option is given (and `required` is false).
 */
export function parseExpiry(header: (n: string) => string | undefined, now: number, required: boolean): ExpiryRule | undefined {
  const raw = header('x-ms-expiry-option');
  const time = header('x-ms-expiry-time');
  if (raw === undefined) {
    if (required) throw gen2Errors.missingHeader('x-ms-expiry-option');
    if (time !== undefined) throw gen2Errors.missingHeader('x-ms-expiry-option');
    return undefined;
  }
  const option = OPTIONS.find((o) => o.toLowerCase() === raw.toLowerCase());
  if (!option) throw gen2Errors.invalidHeader('x-ms-expiry-option', raw);
  if (option === 'NeverExpire') {
    if (time !== undefined) throw gen2Errors.invalidHeader('x-ms-expiry-time', time);
    return () => 0;
  }
  if (time === undefined) throw gen2Errors.missingHeader('x-ms-expiry-time');
  if (option === 'Absolute') {
    const at = Date.parse(time);
    if (!/[a-z]/i.test(time) || Number.isNaN(at)) throw gen2Errors.invalidHeader('x-ms-expiry-time', time);
    return () => at;
  }
  if (!/^\d{1,15}$/.test(time)) throw gen2Errors.invalidHeader('x-ms-expiry-time', time);
  const ms = Number(time);
  return option === 'RelativeToNow' ? () => now + ms : (node) => node.ctime + ms;
}

/** `x-ms-expiry-time` on a file's properties, when it has an expiry. */
export const expiryHeader = (node: Inode): Record<string, string | undefined> => ({ 'x-ms-expiry-time': node.expiry > 0 ? httpDate(node.expiry) : undefined });
