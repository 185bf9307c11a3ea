import { TOTP } from 'otpauth';
import { Agent, request } from 'undici';

/** What the automated browser-less sign-in needs: the device code message's URL and code, and a user. */
export interface PageSignInOptions {
  verificationUri: string;
  userCode: string;
  username: string;
  password: string;
  /** Base32 TOTP secret of an MFA user: the code is computed as an authenticator app would. */
  totpSecret?: string;
  /** Extra CA to trust (the emulator's). */
  ca?: string;
  /** Called with a short description of each page visited. */
  onStep?: (step: string) => void;
  abortSignal?: AbortSignal;
}

interface ParsedForm {
  action: string;
  fields: Map<string, string>;
  /** value of the primary submit button (name="action"). */
  primaryAction?: string;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function parseForm(html: string): ParsedForm | undefined {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const action = unescapeHtml(attr(form[0].slice(0, form[0].indexOf('>') + 1), 'action') ?? '');
  const fields = new Map<string, string>();
  for (const m of form[1].matchAll(/<input\b[^>]*>/gi)) {
    const name = attr(m[0], 'name');
    if (name) fields.set(name, unescapeHtml(attr(m[0], 'value') ?? ''));
  }
  const primary = /<button\b[^>]*class="primary"[^>]*>/i.exec(form[1]);
  return { action, fields, primaryAction: primary ? attr(primary[0], 'value') : undefined };
}

function errorText(html: string): string | undefined {
  const m = /<div class="error"[^>]*>([\s\S]*?)<\/div>/i.exec(html);
  return m ? unescapeHtml(m[1].replace(/<[^>]+>/g, '')).trim() : undefined;
}

function title(html: string): string {
  return unescapeHtml(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(html)?.[1]?.replace(/<[^>]+>/g, '').trim() ?? '');
}

/**
 * Completes a device code sign-in through the emulator's real HTML pages, as a person would with a
 * browser: enter the code, confirm the app, sign in, type the TOTP code, accept consent. Plain HTTPS
 * form posts with the session cookie and CSRF token the pages hand out; no test back door.
 */
export async function signInThroughPages(o: PageSignInOptions): Promise<void> {
  const agent = new Agent({ connect: o.ca ? { ca: o.ca } : {} });
  const cookies = new Map<string, string>();
  const send = async (url: string, body?: URLSearchParams) => {
    const res = await request(url, {
      method: body ? 'POST' : 'GET',
      dispatcher: agent,
      signal: o.abortSignal,
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: body?.toString(),
    });
    const setCookie = res.headers['set-cookie'];
    for (const c of (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [])) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    const text = await res.body.text();
    return { status: res.statusCode, location: res.headers.location as string | undefined, text };
  };
  try {
    let url = o.verificationUri;
    let page = await send(url);
    for (let step = 0; step < 12; step++) {
      while (page.location) {
        url = new URL(page.location, url).toString();
        page = await send(url);
      }
      const heading = title(page.text);
      if (new URL(url).pathname.endsWith('/done')) {
        o.onStep?.(heading || 'done');
        return;
      }
      const error = errorText(page.text);
      const form = parseForm(page.text);
      if (!form || page.status >= 400) throw new Error(`sign-in page '${heading}' refused: ${error ?? `HTTP ${page.status}`}`);
      if (error && step > 0) throw new Error(`sign-in page '${heading}' says: ${error}`);
      o.onStep?.(heading);
      const body = new URLSearchParams();
      for (const [k, v] of form.fields) body.set(k, v);
      if (form.fields.has('otc')) body.set('otc', o.userCode);
      if (form.fields.has('username')) body.set('username', o.username);
      if (form.fields.has('password')) body.set('password', o.password);
      if (form.fields.has('otp')) {
        if (!o.totpSecret) throw new Error('the sign-in asks for a verification code but no TOTP secret was given');
        body.set('otp', new TOTP({ secret: o.totpSecret, digits: 6, period: 30, algorithm: 'SHA1' }).generate());
      }
      if (form.primaryAction) body.set('action', form.primaryAction);
      url = new URL(form.action || url, url).toString();
      page = await send(url, body);
    }
    throw new Error('sign-in pages did not finish within 12 steps');
  } finally {
    await agent.close();
  }
}
