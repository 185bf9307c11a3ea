import type { EmulatorCore } from '../core.js';
import type { RequestContext } from '../http/context.js';
import { ClientAuthenticator } from './client-auth.js';
import { ConsentStore } from './consents.js';
import { DeviceCodeStore } from './device-codes.js';
import type { App } from './directory.js';
import { BrowserSessionStore } from './pages/sessions.js';
import { RefreshTokenStore } from './refresh-tokens.js';
import { PasswordGuard, SignInFlow } from './sign-in.js';
import type { TenantRef } from './tenants.js';

/** Everything the identity handlers share: the emulator core plus the identity stores. */
export class Identity {
  readonly codes: DeviceCodeStore;
  readonly refreshTokens: RefreshTokenStore;
  readonly consents: ConsentStore;
  readonly sessions: BrowserSessionStore;
  readonly flow: SignInFlow;
  readonly clients: ClientAuthenticator;
  readonly passwords: PasswordGuard;
  readonly now: () => number;

  constructor(readonly core: EmulatorCore) {
    this.now = () => core.options.now();
    this.codes = new DeviceCodeStore(core.db);
    this.refreshTokens = new RefreshTokenStore(core.db);
    this.consents = new ConsentStore(core.db);
    this.sessions = new BrowserSessionStore(core.db, this.now);
    this.flow = new SignInFlow(this.codes, core.directory, this.consents, this.now);
    this.clients = new ClientAuthenticator(core.directory, this.now);
    this.passwords = new PasswordGuard(core.directory, this.now);
  }
}

/** One token-endpoint request, parsed once and handed to the grant handlers. */
export interface GrantRequest {
  id: Identity;
  ctx: RequestContext;
  form: URLSearchParams;
  tenant: TenantRef;
  /** v1 endpoint (`/oauth2/token`) or v2 (`/oauth2/v2.0/token`). */
  v1: boolean;
  app: App;
  /** URLs a client assertion's `aud` may name (this token endpoint, by path and by tenant GUID). */
  endpoints: string[];
}
