// The emulator's well-known defaults, in a module of their own so that clients (the CLI's option defaults
// and help) can read them through `adls-gen1-emulator/defaults` without loading the emulator.

/** HTTPS port of `adls emulator start` and of the CLI's default emulator URL. */
export const DEFAULT_PORT = 8443;
/** DNS suffix of account hosts: `{account}.adls.localhost` (*.localhost resolves to loopback in browsers and our SDK). */
export const DEFAULT_DATA_PLANE_SUFFIX = 'adls.localhost';
