import { ArmError } from '../errors.js';
import { STORAGE_ACCOUNT_TYPE } from './model.js';

/** The storage resource provider's error codes and wording (what `az` and the SDKs show users). */

const NAME_RULES = 'Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.';

export const storageErrors = {
  invalidName: (name: string) => new ArmError(400, 'AccountNameInvalid', `${name} is not a valid storage account name. ${NAME_RULES}`),
  nameTaken: (name: string) => new ArmError(409, 'StorageAccountAlreadyTaken', `The storage account named ${name} is already taken.`),
  /** GET/PATCH of an unknown account: answered by Resource Manager itself. */
  resourceNotFound: (rg: string, name: string) =>
    new ArmError(404, 'ResourceNotFound',
      `The Resource '${STORAGE_ACCOUNT_TYPE}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  /** Actions (listKeys, regenerateKey) on an unknown account: answered by the storage provider. */
  accountNotFound: (name: string) => new ArmError(404, 'StorageAccountNotFound', `The storage account ${name} was not found.`),
  locationChange: (name: string, rg: string, current: string, requested: string) =>
    new ArmError(409, 'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${current}' in resource group '${rg}'. A resource with the same name cannot be created in location '${requested}'. Please select a new resource name.`),
  busy: (name: string, state: string) =>
    new ArmError(409, 'StorageAccountOperationInProgress', `An operation is currently performing on this storage account (${name} is ${state.toLowerCase()}). Retry when it has finished.`),
  invalidValue: (message: string) => new ArmError(400, 'InvalidRequestPropertyValue', message),
  missingProperty: (path: string) => new ArmError(400, 'MissingRequiredProperty', `The required property '${path}' is missing from the request.`),
  invalidKeyName: (keyName: string) =>
    new ArmError(400, 'InvalidValuesForRequestParameters', `Values for request parameters are invalid: keyName (${keyName}). Valid values: key1, key2.`),
};

export const STORAGE_NAME_RULES = NAME_RULES;
