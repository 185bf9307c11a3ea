import { Secret, TOTP } from 'otpauth';
import { CREDENTIAL_LOCKOUT_MS, CREDENTIAL_LOCKOUT_THRESHOLD, MAX_FAILURE_RECORDS } from '../defaults.js';
import { CredentialGuard } from './credential-guard.js';
import type { ConsentStore } from './consents.js';
import { isExpired, type DeviceCodeRecord, type DeviceCodeStore } from './device-codes.js';
import type { Directory, User } from './directory.js';
import { TENANT_ALIASES } from './tenants.js';
import { findResource, RESOURCES, resourceKey } from './resources.js';

/** Wrong entries (user codes per browser session, TOTP codes per device code) before lockout (spec §2.9). */
export const MAX_WRONG_ATTEMPTS = 5;

/** Where the sign-in goes next after a step. */
export type NextStep = 'mfa' | 'consent' | 'done';

export type EnterCodeResult =
  | { ok: true; record: DeviceCodeRecord }
  | { ok: false; reason: 'unknown' | 'expired' | 'finished' | 'in_use' };

/** Wrong passwords per user before a lockout, and how long it lasts (Azure AD smart lockout defaults). */
export const PASSWORD_LOCKOUT_THRESHOLD = CREDENTIAL_LOCKOUT_THRESHOLD;
export const PASSWORD_LOCKOUT_MS = CREDENTIAL_LOCKOUT_MS;
export { MAX_FAILURE_RECORDS };

/**
 * Password checks with lockout (AADSTS50053), shared by the sign-in page and the password grant: after
 * `PASSWORD_LOCKOUT_THRESHOLD` wrong passwords for one user name, every attempt (even a right one) is refused
 * for `PASSWORD_LOCKOUT_MS`. Unknown names are counted the same way, so the answer tells nothing about them.
 * The hash runs off the event loop (see CredentialGuard).
 */
export class PasswordGuard extends CredentialGuard<User> {
  constructor(directory: Directory, now: () => number) {
    super((name, password) => directory.checkPassword(name, password), now);
  }
}

/** A refusal shown to the person signing in (page) or returned by the test API. */
export class SignInRefused extends Error {
  constructor(readonly aadsts: number, message: string) { super(message); }
}

/** States in which a sign-in is still in progress (a code may be (re-)entered). */
const IN_PROGRESS = new Set(['pending', 'code_entered', 'authenticating', 'mfa_required', 'consent_required']);

/**
 * The approval logic of the device-code verification flow (spec §2.8–2.9), shared by the HTML pages
 * and the headless test API so both produce identical records (state, user, amr, consent).
 */
export class SignInFlow {
  constructor(
    private readonly codes: DeviceCodeStore,
    private readonly directory: Directory,
    private readonly consents: ConsentStore,
    private readonly now: () => number,
  ) {}

  /**
   * Step 1: a typed user code → the live record, now `code_entered`. With `browser` (the sign-in pages), only a
   * `pending` code binds, or the code this browser session is already working on: a second browser that knows
   * the user code must not take over (or continue) a sign-in somebody else started (`in_use`). Without it
   * (the headless test API, which drives the whole flow itself), any in-progress record is accepted.
   */
  enterCode(typed: string, browser?: { deviceCodeHash: string | null }): EnterCodeResult {
    const record = this.codes.byUserCode(typed);
    if (!record) return { ok: false, reason: 'unknown' };
    if (isExpired(record, this.now())) return { ok: false, reason: 'expired' };
    if (!IN_PROGRESS.has(record.state)) return { ok: false, reason: 'finished' };
    if (browser && record.state !== 'pending' && record.hash !== browser.deviceCodeHash) return { ok: false, reason: 'in_use' };
    if (record.state === 'pending') this.codes.update(record.hash, { state: 'code_entered' });
    return { ok: true, record: this.codes.byHash(record.hash)! };
  }

  /** Re-reads a record and checks it is still live and in progress. */
  live(hash: string): DeviceCodeRecord | undefined {
    const r = this.codes.byHash(hash);
    if (!r || isExpired(r, this.now()) || !IN_PROGRESS.has(r.state)) return undefined;
    return r;
  }

  /** Step 2: the person confirms (or cancels) the app asking for access. */
  confirmApp(record: DeviceCodeRecord, proceed: boolean): void {
    this.codes.update(record.hash, { state: proceed ? 'authenticating' : 'declined' });
  }

  /** Step 3 (credentials already checked by the caller): binds the user to the record. */
  authenticate(record: DeviceCodeRecord, user: User): NextStep {
    if (!user.enabled) throw new SignInRefused(50057, 'The user account is disabled.');
    if (!TENANT_ALIASES.has(record.tenant) && record.tenant.toLowerCase() !== user.tenantId.toLowerCase()) {
      throw new SignInRefused(50020, `User account '${user.upn}' from its identity provider does not exist in tenant '${record.tenant}' and cannot access the application.`);
    }
    const authTime = Math.floor(this.now() / 1000);
    const resource = findResource(record.resource);
    if (user.mfa || resource?.requireMfa) {
      this.codes.update(record.hash, { state: 'mfa_required', userOid: user.oid, amr: ['pwd'], authTime });
      return 'mfa';
    }
    this.codes.update(record.hash, { userOid: user.oid, amr: ['pwd'], authTime });
    return this.afterAuthentication(this.codes.byHash(record.hash)!);
  }

  /**
   * Step 4: checks a TOTP code (RFC 6238, SHA-1, 6 digits, 30 s, ±1 step). The misses are counted on the record
   * (not the page), and the 5th ends the sign-in as `mfa_failed` (the poll gets AADSTS500121, not a decline).
   */
  verifyTotp(record: DeviceCodeRecord, code: string): 'ok' | 'wrong' | 'locked' {
    const user = record.userOid ? this.directory.userByOid(record.userOid) : undefined;
    const secret = user?.totpSecret;
    const clean = code.replace(/\s+/g, '');
    const ok = !!secret && /^\d{6}$/.test(clean) &&
      TOTP.validate({ token: clean, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: this.now(), window: 1 }) !== null;
    if (ok) return 'ok';
    const wrong = record.wrongOtp + 1;
    this.codes.update(record.hash, { wrongOtp: wrong, ...(wrong >= MAX_WRONG_ATTEMPTS ? { state: 'mfa_failed' as const } : {}) });
    return wrong >= MAX_WRONG_ATTEMPTS ? 'locked' : 'wrong';
  }

  /** Step 4 done: the second factor was satisfied. `method` adds e.g. `otp` next to `mfa`. */
  completeMfa(record: DeviceCodeRecord, method?: string): NextStep {
    const amr = ['pwd', ...(method ? [method] : []), 'mfa'];
    this.codes.update(record.hash, { amr, state: 'authenticating' });
    return this.afterAuthentication(this.codes.byHash(record.hash)!);
  }

  /** The resources the consent page lists: every registered API the (first-party style) apps use. */
  consentResources(): typeof RESOURCES {
    return RESOURCES;
  }

  /** Step 5: consent accepted (stored for user+client+resources) or refused (declined). */
  consent(record: DeviceCodeRecord, accept: boolean): void {
    if (!accept) return this.codes.update(record.hash, { state: 'declined' });
    this.consents.grant(record.userOid!, record.clientId, this.consentResources().map(resourceKey), this.now());
    this.codes.update(record.hash, { state: 'approved' });
  }

  decline(record: DeviceCodeRecord): void {
    this.codes.update(record.hash, { state: 'declined' });
  }

  private afterAuthentication(record: DeviceCodeRecord): NextStep {
    const resource = findResource(record.resource);
    if (resource && !this.consents.has(record.userOid!, record.clientId, resourceKey(resource))) {
      this.codes.update(record.hash, { state: 'consent_required' });
      return 'consent';
    }
    this.codes.update(record.hash, { state: 'approved' });
    return 'done';
  }
}
