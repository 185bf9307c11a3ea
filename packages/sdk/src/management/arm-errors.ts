import { rejectedTokenError } from '../http/challenge.js';
import {
  AccessDeniedError, AdlsError, BadRequestError, ConflictError, NotFoundError, RemoteError, ThrottledError,
} from '../errors.js';

/** The `error` member of an ARM error body (spec management-api §1.1). */
export interface ArmErrorBody {
  code: string;
  message: string;
  target?: string;
  details?: { code?: string; message?: string; target?: string }[];
}

/** Extracts `{error:{code,message}}` (or the unwrapped form) from a parsed body, if present. */
export function parseArmError(body: unknown): ArmErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const wrapped = (body as { error?: unknown }).error;
  const e = (wrapped && typeof wrapped === 'object' ? wrapped : body) as Partial<ArmErrorBody>;
  if (typeof e.code !== 'string' && typeof e.message !== 'string') return undefined;
  return { ...e, code: e.code ?? 'Unknown', message: e.message ?? '' } as ArmErrorBody;
}

/**
 * Maps a failed ARM response to the SDK's typed errors: 400 → BadRequestError, 401 → AuthenticationError
 * (with the WWW-Authenticate description), 403 → AccessDeniedError, 404 → NotFoundError, 409 → ConflictError,
 * 429 → ThrottledError, anything else → RemoteError. `remoteCode` is ARM's `error.code`.
 */
export function armErrorFor(
  status: number,
  body: unknown,
  ctx: { operation: string; requestId?: string; wwwAuthenticate?: string | string[] },
): AdlsError {
  const err = parseArmError(body);
  const remoteCode = err?.code;
  const detail = err ? `${err.code}: ${err.message}` : `HTTP ${status}`;
  const extra = { status, remoteCode, requestId: ctx.requestId };
  const message = `${ctx.operation} failed (${detail})`;
  switch (status) {
    case 400: return new BadRequestError('BAD_REQUEST', message, extra);
    case 401: return rejectedTokenError(message, ctx.wwwAuthenticate, extra);
    case 403: return new AccessDeniedError('ACCESS_DENIED', message, extra);
    case 404: return new NotFoundError('NOT_FOUND', message, extra);
    case 409: return new ConflictError('CONFLICT', message, extra);
    case 429: return new ThrottledError('THROTTLED', message, extra);
    default: return new RemoteError('REMOTE_ERROR', message, extra);
  }
}
