import { armTime } from '../account-model.js';
import type { Handler } from '../api.js';
import { armErrors } from '../errors.js';
import { requireStorageAccount, STORAGE_ACCOUNT_NAME } from './accounts.js';
import { STORAGE_NAME_RULES, storageErrors } from './errors.js';
import { renderKeys, STORAGE_ACCOUNT_TYPE, storedStorageProperties } from './model.js';
import { optString } from '../validate.js';

/** Storage account keys (listKeys, regenerateKey) and the subscription-wide checkNameAvailability. */

/** POST …/listKeys: both keys. The caller must own the subscription (checked before any handler runs). */
export const listStorageKeys: Handler = (state, req) => {
  const a = requireStorageAccount(state, req, (_rg, name) => storageErrors.accountNotFound(name));
  req.reply.json(200, renderKeys(a));
};

/** POST …/regenerateKey `{"keyName":"key1"}`: replaces that key (the other keeps working) and answers both. */
export const regenerateStorageKey: Handler = async (state, req) => {
  const a = requireStorageAccount(state, req, (_rg, name) => storageErrors.accountNotFound(name));
  const body = await req.body();
  const keyName = optString(body, 'keyName', 'keyName');
  if (keyName === undefined) throw storageErrors.missingProperty('keyName');
  const which = keyName.toLowerCase();
  if (which !== 'key1' && which !== 'key2') throw storageErrors.invalidKeyName(keyName);
  const now = state.core.options.now();
  const regenerated = state.core.storageAccounts.regenerateKey(a.name, which, now)!;
  const p = storedStorageProperties(regenerated);
  const updated = state.core.storageAccounts.update(a.name, { properties: { ...p, keyCreationTime: { ...p.keyCreationTime, [which]: now } } }, now)!;
  state.core.log.debug(`storage account ${a.name}: ${which} regenerated at ${armTime(now)}`);
  req.reply.json(200, renderKeys(updated));
};

/** POST /subscriptions/{s}/providers/Microsoft.Storage/checkNameAvailability `{name, type}`: names are global. */
export const checkStorageNameAvailability: Handler = async (state, req) => {
  const body = await req.body();
  const name = optString(body, 'name', 'name');
  if (name === undefined) throw storageErrors.missingProperty('name');
  const type = optString(body, 'type', 'type');
  if (type !== undefined && type.toLowerCase() !== STORAGE_ACCOUNT_TYPE.toLowerCase()) {
    throw armErrors.invalidContent(`'type' must be '${STORAGE_ACCOUNT_TYPE}'.`);
  }
  if (!STORAGE_ACCOUNT_NAME.test(name)) {
    return req.reply.json(200, { nameAvailable: false, reason: 'AccountNameInvalid', message: `${name} is not a valid storage account name. ${STORAGE_NAME_RULES}` });
  }
  if (state.core.storageAccounts.get(name)) {
    return req.reply.json(200, { nameAvailable: false, reason: 'AlreadyExists', message: `The storage account named ${name} is already taken.` });
  }
  req.reply.json(200, { nameAvailable: true });
};
