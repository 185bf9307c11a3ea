import type { Principal } from '../../identity/validator.js';
import type { Caller } from '../../store/access.js';

/** The owner Azure shows for paths created by Shared Key and SAS callers (and for the root of such file systems). */
export const SUPERUSER = '$superuser';

/**
 * Who a Gen2 request acts as, and how it proved it. `caller` is what the store checks ACLs against: Azure AD
 * callers as themselves (the account owner is a super-user, as on Gen1), Shared Key and account-SAS callers as
 * the `$superuser` (super-users, as on Azure).
 */
export type Gen2Identity =
  | { kind: 'bearer'; principal: Principal; caller: Caller }
  | { kind: 'sharedKey'; caller: Caller }
  | { kind: 'sas'; caller: Caller };

export const keyCaller = (): Caller => ({ oid: SUPERUSER, groups: [SUPERUSER], superUser: true });
