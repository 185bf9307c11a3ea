import type { Handler } from '../api.js';
import { normaliseLocation } from '../validate.js';

/** Provider-level helpers: the operations list (O1), location capability (L1), usages (L2), X1. */

const op = (name: string, resource: string, operation: string, description: string) =>
  ({ name: `Microsoft.DataLakeStore/${name}`, display: { provider: 'Microsoft DataLakeStore', resource, operation, description }, origin: 'user,system' });

const OPERATIONS = [
  op('operations/read', 'Available Operations', 'Get Available Operations', 'Get available operations of DataLakeStore.'),
  op('register/action', 'Registration', 'Register to DataLakeStore', 'Register subscription to DataLakeStore.'),
  op('accounts/read', 'Account', 'Get DataLakeStore Account', 'Get information about an existing DataLakeStore account.'),
  op('accounts/write', 'Account', 'Create or Update DataLakeStore Account', 'Create or update a DataLakeStore account.'),
  op('accounts/delete', 'Account', 'Delete DataLakeStore Account', 'Delete a DataLakeStore account.'),
  op('accounts/enableKeyVault/action', 'Account', 'Enable Key Vault for DataLakeStore Account', 'Enable KeyVault for a DataLakeStore account.'),
  op('accounts/operationResults/read', 'Operation Result', 'Get DataLakeStore Account OperationResult', 'Get result of a DataLakeStore account operation.'),
  op('locations/checkNameAvailability/action', 'Name Availability', 'Check DataLakeStore Account Name Availability', 'Check availability of a DataLakeStore account name.'),
  op('locations/capability/read', 'Subscription Capability', 'Get DataLakeStore Subscription Capability', 'Get capability information of a subscription regarding using DataLakeStore.'),
  op('locations/usages/read', 'Usage', 'Get Usages', 'Get the usage of DataLakeStore accounts in a location.'),
  op('locations/operationResults/read', 'Operation Result', 'Get DataLakeStore Account OperationResult', 'Get result of a DataLakeStore account operation.'),
  ...(['firewallRules', 'virtualNetworkRules', 'trustedIdProviders'] as const).flatMap((c) => {
    const label = { firewallRules: 'Firewall Rule', virtualNetworkRules: 'Virtual Network Rule', trustedIdProviders: 'Trusted IdProvider' }[c];
    return [
      op(`accounts/${c}/read`, label, `Get ${label}`, `Get information about a ${label.toLowerCase()}.`),
      op(`accounts/${c}/write`, label, `Create or Update ${label}`, `Create or update a ${label.toLowerCase()}.`),
      op(`accounts/${c}/delete`, label, `Delete ${label}`, `Delete a ${label.toLowerCase()}.`),
    ];
  }),
];

export const listOperations: Handler = (_state, req) => req.reply.json(200, { value: OPERATIONS });

const MAX_ACCOUNT_COUNT = 10;

export const getCapability: Handler = (state, req) => {
  const accountCount = state.core.accounts.list({ subscriptionId: req.params.s }).length;
  req.reply.json(200, { subscriptionId: req.params.s, state: 'Registered', maxAccountCount: MAX_ACCOUNT_COUNT, accountCount, migrationState: false });
};

export const getUsages: Handler = (state, req) => {
  const loc = normaliseLocation(req.params.loc);
  const currentValue = state.core.accounts.list({ subscriptionId: req.params.s }).filter((a) => a.location === loc).length;
  req.reply.json(200, {
    value: [{
      unit: 'Count', id: `/subscriptions/${req.params.s}/providers/Microsoft.DataLakeStore/locations/${req.params.loc}/usages/DataLakeStoreAccounts`,
      currentValue, limit: -1, name: { value: 'DataLakeStoreAccounts', localizedValue: 'Data Lake Store Accounts' },
    }],
  });
};

/** X1: a platform notification about deleted subnets; acknowledged and otherwise ignored. */
export const deleteVirtualNetworkOrSubnets: Handler = (_state, req) => req.reply.empty(200);
