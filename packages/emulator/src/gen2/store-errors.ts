import type { StoreError } from '../store/errors.js';
import type { Api } from './classify.js';
import { Gen2Error } from './errors.js';

/** A store refusal in the service's terms: DFS path codes, or the Blob API's for blob-endpoint calls. */
export function fromStoreError(e: StoreError, api: Api): Gen2Error {
  switch (e.code) {
    case 'NotFound':
      return api === 'dfs'
        ? new Gen2Error(404, 'PathNotFound', 'The specified path does not exist.')
        : new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
    case 'AccessDenied':
    case 'NotSuperUser':
      return new Gen2Error(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.');
    case 'AlreadyExists':
      return api === 'dfs'
        ? new Gen2Error(409, 'PathAlreadyExists', 'The specified path already exists.')
        : new Gen2Error(409, 'BlobAlreadyExists', 'The specified blob already exists.');
    case 'NotEmpty':
      return new Gen2Error(409, 'DirectoryNotEmpty', 'The recursive query parameter value must be true to delete a non-empty directory.');
    case 'NotDirectory':
      return new Gen2Error(409, 'PathConflict', 'The specified path, or an element of the path, exists and its resource type is invalid for this operation.');
    case 'IsDirectory':
      return new Gen2Error(409, 'PathConflict', 'The specified path, or an element of the path, exists and its resource type is invalid for this operation.');
    case 'BadOffset':
      return new Gen2Error(400, 'InvalidFlushPosition', 'The uploaded data is not contiguous or the position query parameter value is not equal to the length of the file after appending the uploaded data.');
    case 'LeaseConflict':
      return new Gen2Error(409, 'LeaseAlreadyPresent', 'There is already a lease present.');
    case 'InvalidArgument':
      return new Gen2Error(400, 'InvalidInput', e.message);
  }
}
