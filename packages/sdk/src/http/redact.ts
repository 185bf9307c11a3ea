import { COMMON_PARAMETERS, OPERATIONS } from 'adls-gen1-protocol';

export const REDACTED = 'REDACTED';

/**
 * Query parameters shown as they are in logs: the data plane's WebHDFS parameters (none carries a secret)
 * and the Resource Manager ones. Every other parameter (`sig`, `code`, `client_secret`, `*token*`, …) is
 * replaced by REDACTED: an allow-list, as @azure/core-rest-pipeline's Sanitizer does, so that a parameter
 * nobody thought of is hidden rather than shown.
 */
const SAFE_QUERY = new Set<string>([
  ...COMMON_PARAMETERS,
  ...Object.values(OPERATIONS).flatMap((o) => o.allowed),
  'api-version', '$top', '$filter', '$expand', '$select', 'timeout', 'x-client-sku', 'x-client-ver',
].map((n) => n.toLowerCase()));

/** A URL fit for a log line: no user info, no fragment, and only allow-listed query values. */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return REDACTED;
  }
  u.username = '';
  u.password = '';
  u.hash = '';
  const shown = new URLSearchParams();
  for (const [k, v] of u.searchParams) shown.append(k, SAFE_QUERY.has(k.toLowerCase()) ? v : REDACTED);
  u.search = shown.toString();
  return u.toString();
}
