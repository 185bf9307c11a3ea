import { resolve } from 'node:path';
import {
  DEFAULT_ACCESS_TOKEN_LIFETIME_S, DEFAULT_CLOCK_SKEW_S, DEFAULT_DATA_PLANE_SUFFIX, DEFAULT_DEVICE_CODE_EXPIRES_IN_S,
  DEFAULT_DEVICE_CODE_INTERVAL_S, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_PUBLIC_HOST, DEFAULT_SOCKET_IDLE_TIMEOUT_MS,
} from './defaults.js';

/** Long-running-operation behaviour of the management plane (spec management-api §3.4). */
export type LroMode = 'immediate' | 'realistic' | 'poll-resource';

/** Fault injection for the data plane (transfers issue). Rates are 0..1. */
export interface FaultOptions {
  rate503: number;
  rate429: number;
  rateDrop: number;
  slowMs: number;
}

export interface EmulatorOptions {
  /** Data folder: SQLite database, CA, signing keys, file extents. */
  location: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Listen address. */
  host: string;
  /** Name used in URLs the emulator hands out (issuer, endpoints). */
  publicHost: string;
  /** Enables POST /_emulator/device/approve|decline and GET /_emulator/device/{code}. */
  testApi: boolean;
  /** Serve plain HTTP instead of HTTPS (never for real clients; loudly warned). */
  insecureHttp: boolean;
  /** RFC 8628 strict mode: answer early polls with slow_down (breaks adal and msal-node). */
  strictSlowDown: boolean;
  /** Device code lifetime and poll interval, seconds. */
  deviceCodeExpiresIn: number;
  deviceCodeInterval: number;
  /** Access token lifetime, seconds (must stay > 400 for real clients, identity spec §3.3). */
  accessTokenLifetime: number;
  /** Clock skew accepted by the token validator, seconds. */
  clockSkew: number;
  /** DNS suffix of data-plane account hosts: {account}.{dataPlaneSuffix}. */
  dataPlaneSuffix: string;
  lroMode: LroMode;
  /**
   * Resource Manager's hourly request budget per principal and scope. Null: ARM's usual budget is reported in the
   * `x-ms-ratelimit-remaining-*` headers but never enforced; set, going over it answers 429 with Retry-After.
   */
  armRateLimit: { reads: number; writes: number } | null;
  faults: FaultOptions;
  /**
   * A connection on which nothing moves for this long (ms) is closed: a stalled upload must not hold a file's
   * append lock (or a descriptor) forever. Transfers of any size are fine as long as bytes keep flowing.
   */
  socketIdleTimeout: number;
  /**
   * Keep the directory, accounts and namespaces (metadata and file bytes) in memory: nothing but the local CA and
   * the signing keys (so that a trusted CA stays valid) is written to `location`, and everything else is gone at
   * stop. For CI runs and benchmarks (Azurite's --inMemoryPersistence).
   */
  inMemory: boolean;
  /** Log each request to stderr (never tokens or secrets). */
  verbose: boolean;
  /**
   * Keep V8's allocation-site pretenuring on in this process. `start()` turns it off by default (a process-wide
   * V8 flag): after a large upload it made every short request's objects outlive young-generation GCs
   * (see gc-tuning.ts). Set true when embedding the emulator in a process whose own code should keep V8's default.
   */
  allocationSitePretenuring: boolean;
  /**
   * Transparent mode: an HTTP proxy on this port (0 = any free one; undefined = off) that serves the public Azure
   * names the emulator impersonates (login.microsoftonline.com, management.azure.com, *.azuredatalakestore.net...)
   * and tunnels every other host.
   */
  proxyPort?: number;
  /** The proxy's listen address (loopback unless told otherwise). */
  proxyHost: string;
  /** Refuse (403) CONNECTs and requests to hosts the emulator does not impersonate instead of tunnelling them. */
  proxyDenyOther: boolean;
  /** Injectable clock (ms since epoch) for lifecycle tests. */
  now: () => number;
}

export { DEFAULT_PORT, DEFAULT_DATA_PLANE_SUFFIX };

export function resolveOptions(partial: Partial<EmulatorOptions> & { location: string }): EmulatorOptions {
  return {
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    publicHost: DEFAULT_PUBLIC_HOST,
    testApi: false,
    insecureHttp: false,
    strictSlowDown: false,
    deviceCodeExpiresIn: DEFAULT_DEVICE_CODE_EXPIRES_IN_S,
    deviceCodeInterval: DEFAULT_DEVICE_CODE_INTERVAL_S,
    accessTokenLifetime: DEFAULT_ACCESS_TOKEN_LIFETIME_S,
    clockSkew: DEFAULT_CLOCK_SKEW_S,
    dataPlaneSuffix: DEFAULT_DATA_PLANE_SUFFIX,
    lroMode: 'realistic',
    armRateLimit: null,
    faults: { rate503: 0, rate429: 0, rateDrop: 0, slowMs: 0 },
    socketIdleTimeout: DEFAULT_SOCKET_IDLE_TIMEOUT_MS,
    inMemory: false,
    verbose: false,
    allocationSitePretenuring: false,
    proxyHost: '127.0.0.1',
    proxyDenyOther: false,
    now: Date.now,
    ...partial,
    location: resolve(partial.location),
  };
}
