/** An ARM error: the status and the `{error:{code,message}}` body every non-2xx management response carries. */
export class ArmError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** One factory per error code of management-api.md §1.2, so wording and status stay consistent. */
export const armErrors = {
  missingApiVersion: () =>
    new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
  invalidResourcesApiVersion: (v: string, supported: readonly string[]) =>
    new ArmError(400, 'InvalidApiVersionParameter', `The api-version '${v}' is invalid. The supported versions are '${supported.join(',')}'.`),
  noRegisteredProvider: (v: string, type: string, supported: readonly string[]) =>
    new ArmError(400, 'NoRegisteredProviderFound',
      `No registered resource provider found for location 'eastus2' and API version '${v}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'.`),
  invalidContent: (detail: string) =>
    new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: ${detail}`),
  locationRequired: () => new ArmError(400, 'LocationRequired', 'The location property is required for this definition.'),
  invalidSubscriptionId: (s: string) =>
    new ArmError(400, 'InvalidSubscriptionId', `The provided subscription identifier '${s}' is malformed or invalid.`),
  missingSubscriptionRegistration: (namespace: string) =>
    new ArmError(409, 'MissingSubscriptionRegistration',
      `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`),
  subscriptionNotFound: (s: string) => new ArmError(404, 'SubscriptionNotFound', `The subscription '${s}' could not be found.`),
  groupNotFound: (rg: string) => new ArmError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`),
  invalidGroupName: (rg: string) => new ArmError(400, 'InvalidResourceGroupName', `Resource group name '${rg}' is invalid.`),
  groupLocationChange: (rg: string, current: string, requested: string) =>
    new ArmError(400, 'InvalidResourceGroupLocation',
      `Invalid resource group location '${requested}'. The Resource group already exists in location '${current}'. A resource group cannot change location.`),
  accountNotFound: (rg: string, name: string) =>
    new ArmError(404, 'ResourceNotFound',
      `The Resource 'Microsoft.DataLakeStore/accounts/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  childNotFound: (kind: string, name: string, account: string) =>
    new ArmError(404, 'NotFound', `The ${kind} '${name}' of account '${account}' was not found.`),
  invalidAccountName: (name: string) =>
    new ArmError(400, 'InvalidAccountName', `The account name '${name}' is invalid. It must be 3-24 characters, lowercase letters and digits only.`),
  invalidChildName: (name: string) =>
    new ArmError(400, 'InvalidResourceName', `The resource name '${name}' is invalid. It must be 3-50 characters: letters, digits, '-' and '_'.`),
  accountNameTaken: (name: string) => new ArmError(409, 'AccountNameAlreadyTaken', `An account named '${name}' already exists.`),
  conflict: (message: string) => new ArmError(409, 'Conflict', message),
  operationNotFound: (id: string) => new ArmError(404, 'OperationNotFound', `The operation '${id}' was not found.`),
  authorizationFailed: (who: string, oid: string, action: string, scope: string) =>
    new ArmError(403, 'AuthorizationFailed',
      `The client '${who}' with object id '${oid}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`),
  invalidResourceNamespace: (ns: string) =>
    new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${ns}' is invalid.`),
  /** Generic resources lists take $top in 1..1000 (Azure answers 1001 with this code, seen by azure-sdk-for-js#18535). */
  invalidTop: (top: string) =>
    new ArmError(400, 'InvalidTopInQueryString', `The value '${top}' of the $top query string parameter is invalid: it must be an integer between 1 and 1000.`),
  invalidFilter: (filter: string) =>
    new ArmError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string.`),
  resourceNotFoundById: (type: string, name: string, rg: string) =>
    new ArmError(404, 'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  tooManyRequests: (kind: 'reads' | 'writes', retryAfter: number) =>
    new ArmError(429, 'TooManyRequests',
      `The request is being throttled as the limit has been reached for operation type - ${kind === 'reads' ? 'Read' : 'Write'}_ObservationWindow_3600. For more information, see - https://aka.ms/ARMThrottling`,
      { 'Retry-After': String(retryAfter) }),
  pathNotFound: (method: string, path: string) =>
    new ArmError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${path}' for method '${method}'.`),
  methodNotAllowed: (method: string, allowed: string[]) =>
    new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`, { Allow: allowed.join(', ') }),
};
