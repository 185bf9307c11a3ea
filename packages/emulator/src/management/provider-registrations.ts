import type { Db } from '../store/db.js';
import { armErrors } from './errors.js';
import { PROVIDERS, type ProviderInfo } from './provider-catalog.js';

export type RegistrationState = 'Registered' | 'Unregistered';

/** Which providers each subscription has registered. Every served provider starts Registered. */
export class ProviderRegistrations {
  constructor(private readonly db: Db) {}

  state(subscriptionId: string, p: ProviderInfo): RegistrationState {
    if (p.registrationPolicy === 'RegistrationFree') return 'Registered';
    const r = this.db.prepare('SELECT state FROM mgmt_provider_registrations WHERE subscription_id = ? AND namespace = ?')
      .get(subscriptionId, p.namespace) as { state: RegistrationState } | undefined;
    return r?.state ?? 'Registered';
  }

  /** Idempotent: registering a registered provider (or unregistering an unregistered one) changes nothing. */
  set(subscriptionId: string, p: ProviderInfo, state: RegistrationState): void {
    if (p.registrationPolicy === 'RegistrationFree') return;
    this.db.prepare('INSERT INTO mgmt_provider_registrations VALUES (?, ?, ?) ON CONFLICT (subscription_id, namespace) DO UPDATE SET state = excluded.state')
      .run(subscriptionId, p.namespace, state);
  }

  /** Creating a resource of an unregistered provider is refused, as Azure does (409 MissingSubscriptionRegistration). */
  requireRegistered(subscriptionId: string, namespace: string): void {
    const p = PROVIDERS.find((x) => x.namespace.toLowerCase() === namespace.toLowerCase());
    if (p && this.state(subscriptionId, p) !== 'Registered') throw armErrors.missingSubscriptionRegistration(p.namespace);
  }
}
