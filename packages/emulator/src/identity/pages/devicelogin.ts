import { ClientAbortedError, type RequestContext } from '../../http/context.js';
import { isExpired, type DeviceCodeRecord, type DeviceState } from '../device-codes.js';
import type { Identity } from '../identity.js';
import { LOCKED_MESSAGE } from '../errors.js';
import { MAX_WRONG_ATTEMPTS, PASSWORD_LOCKOUT_MS, SignInRefused, type NextStep } from '../sign-in.js';
import { csrfMatches, readCookie, SESSION_COOKIE, type BrowserSession } from './sessions.js';
import { csrfField, errorBox, html, invalidIf, page, raw, type Raw } from './html.js';

/**
 * The human verification pages (spec §2.9): enter code → confirm app → sign in → TOTP → consent →
 * done. Server-rendered, no JavaScript; a session cookie binds the browser to one device code and
 * every POST must carry the session's CSRF token. The decisions live in SignInFlow (shared with the
 * test API); this file only renders and routes.
 *
 * Keyboard use: in every form the field comes first, then the primary button, then Cancel. Pressing Enter
 * submits a form with its first submit button (HTML implicit submission), so the primary action must come
 * before Cancel in the markup; pages without a field focus their primary button.
 */
const BASE = '/devicelogin';
const STEP_OF_STATE: Partial<Record<DeviceState, string>> = {
  pending: '', code_entered: 'confirm', authenticating: 'signin', mfa_required: 'mfa', consent_required: 'consent', approved: 'done',
};
const NEXT_PATH: Record<NextStep, string> = { mfa: `${BASE}/mfa`, consent: `${BASE}/consent`, done: `${BASE}/done` };

export const DEVICELOGIN_STEPS = new Set(['', 'confirm', 'signin', 'mfa', 'consent', 'done']);

export async function deviceLoginPage(id: Identity, ctx: RequestContext, step: string): Promise<void> {
  const pages = new Pages(id, ctx);
  const cookie = readCookie(ctx.header('cookie'), SESSION_COOKIE);
  let session = id.sessions.get(cookie);
  let form: URLSearchParams | undefined;
  if (ctx.method === 'POST') {
    try {
      form = await ctx.readForm();
    } catch (e) {
      if (e instanceof ClientAbortedError) throw e; // the browser went away: nothing to render
      return pages.problem(400, 'Something went wrong', 'The form could not be read. Start again.');
    }
    if (!session || !csrfMatches(session, form.get('csrf'))) {
      return pages.problem(403, 'This page has expired',
        "The form you sent didn't come from this sign-in session (missing or wrong security token). Start again from the beginning.");
    }
  }

  if (step === '') {
    if (!session) {
      const created = id.sessions.create();
      session = created.session;
      pages.setCookie(created.id);
    }
    // The lockout belongs to the session: reloading the page must not show a fresh form.
    if (session.wrongCodes >= MAX_WRONG_ATTEMPTS) return pages.lockout();
    if (!form) return pages.enterCode(session, ctx.url.searchParams.get('otc') ?? '');
    return pages.submitCode(session, form.get('otc') ?? '');
  }

  if (!session) return ctx.redirect(BASE);
  if (!session.deviceCodeHash) {
    if (session.finishedState === 'approved' && step === 'done') return pages.done(session.finishedClientId);
    if (session.finishedState === 'declined') return pages.declined(session.finishedClientId);
    if (session.finishedState === 'mfa_failed') return pages.mfaLockout();
    return ctx.redirect(BASE);
  }
  const record = id.codes.byHash(session.deviceCodeHash);
  if (!record) return ctx.redirect(BASE);
  if (isExpired(record, id.now()) && record.state !== 'approved') return pages.expired();
  if (record.state === 'declined') {
    id.sessions.finish(session, record.clientId, 'declined');
    return pages.declined(record.clientId);
  }
  if (record.state === 'mfa_failed') {
    id.sessions.finish(session, record.clientId, 'mfa_failed');
    return pages.mfaLockout();
  }
  const expected = STEP_OF_STATE[record.state];
  if (expected !== step) return ctx.redirect(expected ? `${BASE}/${expected}` : BASE);
  const decline = () => {
    id.flow.decline(record);
    id.sessions.finish(session, record.clientId, 'declined');
    pages.declined(record.clientId);
  };
  const advance = (next: NextStep) => {
    if (next === 'done') id.sessions.finish(session, record.clientId, 'approved');
    ctx.redirect(NEXT_PATH[next]);
  };

  switch (step) {
    case 'confirm':
      if (!form) return pages.confirm(session, record);
      if (form.get('action') !== 'continue') return decline();
      id.flow.confirmApp(record, true);
      return ctx.redirect(`${BASE}/signin`);
    case 'signin': {
      if (!form) return pages.signIn(session, record);
      if (form.get('action') === 'cancel') return decline();
      const username = (form.get('username') ?? '').trim();
      const user = username ? await id.passwords.check(username, form.get('password') ?? '') : undefined;
      if (user === 'locked') {
        const wait = Math.ceil(id.passwords.lockedFor(username) / 1000);
        return pages.signIn(session, record, username,
          `AADSTS50053: ${LOCKED_MESSAGE} The lock lasts ${PASSWORD_LOCKOUT_MS / 1000} seconds: try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`);
      }
      if (!user) {
        return pages.signIn(session, record, username,
          'AADSTS50126: Your account or password is incorrect. Check them and try again.');
      }
      try {
        return advance(id.flow.authenticate(record, user));
      } catch (e) {
        if (e instanceof SignInRefused) return pages.problem(403, "You can't sign in here", `AADSTS${e.aadsts}: ${e.message}`);
        throw e;
      }
    }
    case 'mfa': {
      if (!form) return pages.mfa(session, record);
      if (form.get('action') === 'cancel') return decline();
      const verdict = id.flow.verifyTotp(record, form.get('otp') ?? '');
      if (verdict === 'ok') return advance(id.flow.completeMfa(record, 'otp'));
      if (verdict === 'locked') {
        id.sessions.finish(session, record.clientId, 'mfa_failed');
        return pages.mfaLockout();
      }
      return pages.mfa(session, id.codes.byHash(record.hash)!, "That code didn't work. Check your authenticator app and try again.");
    }
    case 'consent':
      if (!form) return pages.consent(session, record);
      if (form.get('action') !== 'accept') {
        id.flow.consent(record, false);
        id.sessions.finish(session, record.clientId, 'declined');
        return pages.declined(record.clientId);
      }
      id.flow.consent(record, true);
      return advance('done');
    default:
      return pages.done(record.clientId);
  }
}

/** Renders the individual pages. */
class Pages {
  private cookie?: string;
  constructor(private readonly id: Identity, private readonly ctx: RequestContext) {}

  setCookie(sessionId: string): void {
    const secure = this.id.core.options.insecureHttp ? '' : '; Secure';
    this.cookie = `${SESSION_COOKIE}=${sessionId}; Path=${BASE}; HttpOnly; SameSite=Lax${secure}`;
  }

  private send(status: number, title: string, body: Raw): void {
    this.ctx.sendHtml(status, page(title, body), this.cookie ? { 'Set-Cookie': this.cookie } : {});
  }

  private app(clientId: string | null) {
    const app = clientId ? this.id.core.directory.app(clientId) : undefined;
    return { name: app?.displayName ?? 'an application', publisher: app?.publisher ?? 'unknown publisher' };
  }

  private appBox(clientId: string | null): Raw {
    const a = this.app(clientId);
    return html`<div class="app"><div class="icon" aria-hidden="true">${a.name.slice(0, 1).toUpperCase()}</div>
      <div><div class="name">${a.name}</div><div class="muted">${a.publisher}</div></div></div>`;
  }

  private account(record: DeviceCodeRecord): Raw {
    const user = record.userOid ? this.id.core.directory.userByOid(record.userOid) : undefined;
    return user ? html`<div class="account" title="signed-in account">${user.upn}</div>` : raw('');
  }

  enterCode(s: BrowserSession, prefill: string, error?: string, status = 200): void {
    this.send(status, 'Enter code', html`<h1>Enter code</h1>
      <p>Enter the code displayed on your app or device to allow it to access your account.</p>
      ${errorBox(error)}
      <form method="post" action="${BASE}">${csrfField(s.csrf)}
        <label for="otc">Code</label>
        <input class="code" type="text" id="otc" name="otc" value="${prefill}" autocomplete="off" autofocus maxlength="20" required${invalidIf(error)}>
        <div class="actions"><button class="primary" type="submit">Next</button></div>
      </form>`);
  }

  submitCode(s: BrowserSession, typed: string): void {
    if (s.wrongCodes >= MAX_WRONG_ATTEMPTS) return this.lockout();
    const result = this.id.flow.enterCode(typed, s);
    if (result.ok) {
      this.id.sessions.bind(s, result.record.hash);
      return this.ctx.redirect(`${BASE}/confirm`);
    }
    if (result.reason === 'expired') return this.expired();
    if (result.reason === 'in_use') {
      return this.enterCode(s, '', 'This code is already being used in another sign-in. Go back to your app or device and request a new code.', 409);
    }
    if (this.id.sessions.wrongCode(s) >= MAX_WRONG_ATTEMPTS) return this.lockout();
    this.enterCode(s, typed, "That code didn't work. Check the code and try again.", 400);
  }

  confirm(s: BrowserSession, r: DeviceCodeRecord): void {
    this.send(200, 'Confirm sign-in', html`<h1>Are you trying to sign in?</h1>
      ${this.appBox(r.clientId)}
      <p>This app asked for access from <strong>${r.requesterIp || 'an unknown address'}</strong>.</p>
      <p class="muted">Only continue if you started this sign-in yourself, on a device you trust.</p>
      <form method="post" action="${BASE}/confirm">${csrfField(s.csrf)}
        <div class="actions"><button class="primary" type="submit" name="action" value="continue" autofocus>Continue</button>
        <button type="submit" name="action" value="cancel">Cancel</button></div>
      </form>`);
  }

  signIn(s: BrowserSession, r: DeviceCodeRecord, username = '', error?: string): void {
    this.send(error ? 400 : 200, 'Sign in', html`<h1>Sign in</h1>
      <p class="muted">to continue to <strong>${this.app(r.clientId).name}</strong></p>
      ${errorBox(error)}
      <form method="post" action="${BASE}/signin">${csrfField(s.csrf)}
        <label for="username">Email or username</label>
        <input type="text" id="username" name="username" value="${username}" autocomplete="username"${username ? '' : raw(' autofocus')} required${invalidIf(error)}>
        <label for="password">Password</label>
        <input type="password" id="password" name="password" autocomplete="current-password"${username ? raw(' autofocus') : ''}${invalidIf(error)}>
        <div class="actions"><button class="primary" type="submit" name="action" value="signin">Sign in</button>
        <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div>
      </form>`);
  }

  /** The TOTP step; the tries left come from the record, so a reload shows them too. */
  mfa(s: BrowserSession, r: DeviceCodeRecord, error?: string): void {
    const left = MAX_WRONG_ATTEMPTS - r.wrongOtp;
    const tries = r.wrongOtp > 0 ? ` ${left} ${left === 1 ? 'try' : 'tries'} left before the sign-in is stopped.` : '';
    const message = error ? error + tries : undefined;
    this.send(error ? 400 : 200, 'Verify your identity', html`<h1>Verify your identity</h1>
      ${this.account(r)}
      <p>Enter the 6-digit code from your authenticator app.</p>
      ${errorBox(message)}${!error && tries ? html`<p class="muted" id="tries">${tries.trim()}</p>` : ''}
      <form method="post" action="${BASE}/mfa">${csrfField(s.csrf)}
        <label for="otp">Code</label>
        <input class="code" type="text" id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" maxlength="8" autofocus required${invalidIf(message)}>
        <div class="actions"><button class="primary" type="submit" name="action" value="verify">Verify</button>
        <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></div>
      </form>`);
  }

  consent(s: BrowserSession, r: DeviceCodeRecord): void {
    const perms = this.id.flow.consentResources().flatMap((res) => res.permissions.map((p) => html`<li>${p.description}
      <span class="muted">(${res.displayName})</span></li>`));
    this.send(200, 'Permissions requested', html`<h1>Permissions requested</h1>
      ${this.account(r)}
      ${this.appBox(r.clientId)}
      <p>This app would like to:</p>
      <ul class="perms">${perms}<li>Maintain access to data you have given it access to</li></ul>
      <p class="muted">Accepting lets this app use your data as described. You can revoke consent by removing your user from the emulator.</p>
      <form method="post" action="${BASE}/consent">${csrfField(s.csrf)}
        <div class="actions"><button class="primary" type="submit" name="action" value="accept" autofocus>Accept</button>
        <button type="submit" name="action" value="cancel">Cancel</button></div>
      </form>`);
  }

  done(clientId: string | null): void {
    this.send(200, 'You are signed in', html`<div class="ok" aria-hidden="true">&#10003;</div>
      <h1>You're signed in</h1>
      <p>You signed in to <strong>${this.app(clientId).name}</strong> on your device; you can close this window.</p>`);
  }

  declined(clientId: string | null): void {
    this.send(200, 'Sign-in cancelled', html`<h1>You declined</h1>
      <p>You cancelled the sign-in to <strong>${this.app(clientId).name}</strong>. The app on your device won't get access.
      You can close this window.</p>`);
  }

  expired(): void {
    this.send(400, 'Code expired', html`<h1>That code has expired</h1>
      <p>Go back to the app or device you're signing in to and request a new code. <a href="${BASE}">Enter another code</a>.</p>`);
  }

  /** After the 5th wrong TOTP code (and on every reload after it): the sign-in is over, nothing was declined. */
  mfaLockout(): void {
    this.send(429, 'Too many attempts', html`<h1>Too many attempts</h1>
      ${errorBox('You entered a wrong verification code too many times, so the sign-in was stopped (AADSTS500121).')}
      <p>Check that your authenticator app shows codes for this account and that your device's clock is right,
      then request a new code on your device (for the adls CLI: run <code>adls login</code> again).</p>`);
  }

  lockout(): void {
    this.send(429, 'Too many attempts', html`<h1>Too many attempts</h1>
      <p>You entered a wrong code too many times. Close this browser window and request a new code on your device.</p>`);
  }

  problem(status: number, title: string, message: string): void {
    this.send(status, title, html`<h1>${title}</h1>${errorBox(message)}<p><a href="${BASE}">Start again</a></p>`);
  }
}
