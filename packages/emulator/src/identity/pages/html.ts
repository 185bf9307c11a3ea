/** HTML-escapes interpolated text (every value that reaches a page goes through this). */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Tagged template: interpolations are escaped unless wrapped with `raw()`. */
export class Raw { constructor(readonly html: string) {} }
export const raw = (html: string) => new Raw(html);

export function html(strings: TemplateStringsArray, ...values: unknown[]): Raw {
  let out = strings[0];
  values.forEach((v, i) => {
    const part = v instanceof Raw ? v.html : Array.isArray(v) ? v.map((x) => (x instanceof Raw ? x.html : esc(x))).join('') : esc(v);
    out += part + strings[i + 1];
  });
  return new Raw(out);
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef1f5;
  font:15px/1.5 "Segoe UI",-apple-system,"Helvetica Neue",Arial,sans-serif;color:#1b1b1b}
.card{width:440px;max-width:94vw;background:#fff;border-radius:6px;box-shadow:0 2px 12px rgba(0,0,0,.12);padding:36px 40px 28px}
.brand{display:flex;align-items:center;gap:10px;font-weight:600;color:#3b3b3b;font-size:14px;margin-bottom:22px}
.logo{width:22px;height:22px;display:grid;grid-template-columns:1fr 1fr;gap:2px}
.logo span:nth-child(1){background:#f25022}.logo span:nth-child(2){background:#7fba00}
.logo span:nth-child(3){background:#00a4ef}.logo span:nth-child(4){background:#ffb900}
.emu{margin-left:auto;font-size:11px;font-weight:600;color:#8a5a00;background:#fff4ce;border:1px solid #f0d58c;border-radius:10px;padding:1px 8px}
h1{font-size:22px;font-weight:600;margin:0 0 12px}
p{margin:0 0 14px}
.muted{color:#616161;font-size:13px}
.account{display:inline-block;background:#f3f3f3;border-radius:14px;padding:2px 12px;font-size:13px;margin-bottom:14px}
label{display:block;font-size:13px;color:#444;margin:10px 0 4px}
input[type=text],input[type=password]{width:100%;font:inherit;padding:8px 2px;border:0;border-bottom:1px solid #8a8a8a;outline:none;background:transparent}
input[type=text]:focus,input[type=password]:focus{border-bottom:2px solid #0067b8}
input.code{font-size:20px;letter-spacing:4px;text-transform:uppercase}
.error{color:#a80000;background:#fde7e9;border-left:3px solid #a80000;padding:8px 10px;font-size:13px;margin:0 0 14px}
.app{display:flex;gap:14px;align-items:center;background:#f7f9fc;border:1px solid #e1e5ea;border-radius:4px;padding:12px;margin:0 0 16px}
.app .icon{width:40px;height:40px;border-radius:4px;background:#0067b8;color:#fff;font-weight:700;font-size:18px;display:flex;align-items:center;justify-content:center}
.app .name{font-weight:600}
ul.perms{padding-left:20px;margin:0 0 16px}
ul.perms li{margin:4px 0}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:22px}
button{font:inherit;min-width:108px;padding:7px 14px;border:1px solid #8a8a8a;background:#fff;color:#1b1b1b;cursor:pointer}
button.primary{background:#0067b8;border-color:#0067b8;color:#fff}
button:focus{outline:2px solid #000;outline-offset:1px}
.ok{width:44px;height:44px;border-radius:50%;background:#107c10;color:#fff;display:flex;align-items:center;justify-content:center;font-size:24px;margin-bottom:14px}
footer{margin-top:26px;font-size:11px;color:#616161}
`;

/** The one page layout: a centred card, inline CSS, no scripts, no external assets. */
export function page(title: string, body: Raw): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main class="card">
<div class="brand"><div class="logo" aria-hidden="true"><span></span><span></span><span></span><span></span></div>
<span>Azure AD</span><span class="emu">local emulator</span></div>
${body.html}
<footer>adls-gen1 emulator: a local stand-in for Azure AD. Never enter real credentials here.</footer>
</main></body></html>`;
}

/** Id of the page's error box, which the fields it is about name in `aria-describedby`. */
export const ERROR_ID = 'error';

export function errorBox(message: string | undefined): Raw {
  return message ? html`<div class="error" id="${ERROR_ID}" role="alert">${message}</div>` : raw('');
}

/** Attributes of a field the page's error is about: screen readers announce the message with the field. */
export function invalidIf(error: string | undefined): Raw {
  return error ? raw(` aria-invalid="true" aria-describedby="${ERROR_ID}"`) : raw('');
}

export const csrfField = (csrf: string) => html`<input type="hidden" name="csrf" value="${csrf}">`;
