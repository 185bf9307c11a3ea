import type { IncomingHttpHeaders } from 'node:http';
import { authenticationFailed, type AuthFailure } from './failures.js';
import { headerValue, type AuthCheck } from './signed-request.js';

/** The service refuses Shared Key requests dated more than 15 minutes away from its clock (replay guard). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type RequestDate = { ok: true; at: number; value: string } | AuthFailure;

/** The request's `x-ms-date` (or `Date` when it is absent), which Shared Key requires. */
export function requestDate(headers: IncomingHttpHeaders): RequestDate {
  const value = headerValue(headers, 'x-ms-date') ?? headerValue(headers, 'date');
  if (value === undefined || value === '') return authenticationFailed('Request date header not specified.');
  const at = Date.parse(value);
  if (Number.isNaN(at)) return authenticationFailed(`Request date header is invalid: '${value}'`);
  return { ok: true, at, value };
}

/** Whether the request's date lies within the allowed skew of `now`. */
export function checkClockSkew(date: { at: number; value: string }, now: number): AuthCheck {
  if (now - date.at > MAX_CLOCK_SKEW_MS) return authenticationFailed(`Request date header too old: '${date.value}'`);
  if (date.at - now > MAX_CLOCK_SKEW_MS) return authenticationFailed(`Request date header too far in the future: '${date.value}'`);
  return { ok: true };
}
