/**
 * Every tunable default of the emulator in one place: listener, timeouts, identity lockouts, data-plane limits.
 * Options (config.ts) start from these; modules import the limits they enforce from here. Constants only, no
 * imports: clients read them through the light `adls-gen1-emulator/defaults` entry (the CLI's option defaults
 * and help) without loading the emulator.
 */

/** Listener. */
export const DEFAULT_PORT = 8443;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PUBLIC_HOST = 'localhost';
/** DNS suffix of account hosts: `{account}.adls.localhost` (*.localhost resolves to loopback in browsers and our SDK). */
export const DEFAULT_DATA_PLANE_SUFFIX = 'adls.localhost';
/**
 * A connection on which nothing moves for this long (ms) is closed: a stalled upload must not hold a file's
 * append lock (or a descriptor) forever. Transfers of any size are fine as long as bytes keep flowing.
 */
export const DEFAULT_SOCKET_IDLE_TIMEOUT_MS = 120_000;
/** How long stop() waits for running handlers before closing the store anyway. */
export const STOP_GRACE_MS = 5000;

/** Identity: device code timing and token lifetime (seconds). */
export const DEFAULT_DEVICE_CODE_EXPIRES_IN_S = 900;
export const DEFAULT_DEVICE_CODE_INTERVAL_S = 5;
export const DEFAULT_ACCESS_TOKEN_LIFETIME_S = 3599;
export const DEFAULT_CLOCK_SKEW_S = 300;

/** Largest non-file request body any service buffers (forms, JSON). File data is always streamed. */
export const MAX_SMALL_BODY = 1024 * 1024;

/** Wrong passwords per user name (and wrong secrets per client id) before a lockout, and how long it lasts. */
export const CREDENTIAL_LOCKOUT_THRESHOLD = 10;
export const CREDENTIAL_LOCKOUT_MS = 60_000;
/** Most names with failure records kept in memory. */
export const MAX_FAILURE_RECORDS = 10_000;

/** Data plane: largest MSCONCAT body (a JSON list of paths) and most sources one MSCONCAT or CONCAT may join. */
export const MAX_CONCAT_BODY = 8 * 1024 * 1024;
export const MAX_CONCAT_SOURCES = 10_000;
/** Data plane: largest body an operation without a payload may carry (clients send none, or a few bytes). */
export const MAX_UNUSED_BODY = 64 * 1024;
/** A lease nobody renewed for this long is abandoned and may be taken over (HDFS soft limit). */
export const LEASE_SOFT_LIMIT_MS = 60_000;
/** How often the extent collector sweeps unreferenced extents while running. */
export const EXTENT_GC_INTERVAL_MS = 60_000;
/**
 * Children per slice of a listing page: the event loop serves other requests between slices (1-3 ms each; 500 took
 * 3-6 ms, and under a mixed load two listings' slices ran in the same turn as everything else that was ready).
 */
export const LIST_SLICE = 250;
/**
 * How often the WAL checkpoint worker copies new commits into the database (store/wal-checkpointer.ts). Each
 * checkpoint lets the next commit restart the WAL, which syncs the WAL's new header on the committing thread
 * (the event loop, a few ms): once a second keeps that rare while the WAL holds at most a second of commits.
 */
export const WAL_CHECKPOINT_INTERVAL_MS = 1000;
