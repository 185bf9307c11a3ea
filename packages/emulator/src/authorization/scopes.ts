/** ARM resource ids of the scopes a role can be assigned at, from the subscription down to a container. */
export const subscriptionScope = (s: string) => `/subscriptions/${s}`;
export const groupScope = (s: string, rg: string) => `${subscriptionScope(s)}/resourceGroups/${rg}`;
export const storageAccountScope = (s: string, rg: string, account: string) =>
  `${groupScope(s, rg)}/providers/Microsoft.Storage/storageAccounts/${account}`;
export const containerScope = (s: string, rg: string, account: string, container: string) =>
  `${storageAccountScope(s, rg, account)}/blobServices/default/containers/${container}`;

/** A container (when given) and every scope above it, down-up: what an assignment inherited at the container comes from. */
export function scopeChain(s: string, rg: string, account: string, container?: string): string[] {
  const chain = [subscriptionScope(s), groupScope(s, rg), storageAccountScope(s, rg, account)];
  if (container !== undefined) chain.push(containerScope(s, rg, account, container));
  return chain;
}
