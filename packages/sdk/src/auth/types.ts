/**
 * The ecosystem's credential shape (@azure/core-auth `TokenCredential`): anything with this
 * `getToken` works with our clients, and our credentials work with Azure's SDK clients.
 */
export interface AccessToken {
  token: string;
  /** Expiry, ms since epoch. */
  expiresOnTimestamp: number;
  /** When to refresh proactively, ms since epoch (optional). */
  refreshAfterTimestamp?: number;
  tokenType?: 'Bearer' | 'pop';
}

/** The AbortSignal shape of @azure/abort-controller: a DOM AbortSignal satisfies it. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: (this: AbortSignalLike, ev: any) => any, options?: any): void;
  removeEventListener(type: 'abort', listener: (this: AbortSignalLike, ev: any) => any, options?: any): void;
}

export interface GetTokenOptions {
  /** AbortSignalLike (not AbortSignal) so that @azure/core-auth callers type-check against our credentials. */
  abortSignal?: AbortSignalLike;
  /** A claims challenge (JSON string) from a WWW-Authenticate header. */
  claims?: string;
  tenantId?: string;
  requestOptions?: { timeout?: number };
  tracingOptions?: unknown;
  enableCae?: boolean;
}

export interface TokenCredential {
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

/** Resources of the services this toolkit talks to (v1 resource ids). */
export const RESOURCES = {
  management: 'https://management.core.windows.net/',
  datalake: 'https://datalake.azure.net/',
} as const;

/** v2 scope for a v1 resource id: `{resource}/.default` (the double slash of `https://datalake.azure.net//.default` is real). */
export function scopeForResource(resource: string): string {
  return `${resource}/.default`;
}
