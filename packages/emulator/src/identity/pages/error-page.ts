import type { RequestContext } from '../../http/context.js';
import { html, page } from './html.js';

/** GET /error?code=N: the human-readable page error_uri points at. */
export function errorPage(ctx: RequestContext): void {
  const code = (ctx.url.searchParams.get('code') ?? '').replace(/\D/g, '').slice(0, 10);
  ctx.sendHtml(200, page(`Error ${code}`, html`<h1>Sign-in error${code ? ` AADSTS${code}` : ''}</h1>
    <p>An application received error <strong>AADSTS${code || '?'}</strong> from the emulated Azure AD.
    The application's error message (error_description) explains what went wrong.</p>`));
}
