import type { TestEmulator } from './emulator.js';

/** A cookie-keeping, non-redirecting HTTP client for the sign-in pages. */
export class PageClient {
  cookie = '';
  csrf = '';
  constructor(private readonly t: TestEmulator) {}

  private remember(res: Response | any): void {
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
  }

  async get(path: string): Promise<{ status: number; html: string; location: string | null; setCookie: string | null }> {
    const res = await this.t.fetch(path, { headers: this.cookie ? { cookie: this.cookie } : {}, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    this.remember(res);
    const html = await res.text();
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (m) this.csrf = m[1];
    return { status: res.status, html, location: res.headers.get('location'), setCookie };
  }

  async post(path: string, fields: Record<string, string>, csrf: string | null = this.csrf) {
    const body = new URLSearchParams({ ...fields, ...(csrf !== null ? { csrf } : {}) }).toString();
    const res = await this.t.fetch(path, {
      method: 'POST', body, redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
    const html = await res.text();
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (m) this.csrf = m[1];
    return { status: res.status, html, location: res.headers.get('location') };
  }

  /** Enters `userCode` on the code page and continues past the confirmation: returns the sign-in page. */
  async openSignIn(userCode: string): ReturnType<PageClient['get']> {
    await this.get('/devicelogin');
    await this.post('/devicelogin', { otc: userCode });
    await this.get('/devicelogin/confirm');
    await this.post('/devicelogin/confirm', { action: 'continue' });
    return this.get('/devicelogin/signin');
  }
}
