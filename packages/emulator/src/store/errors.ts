import { AnswerError } from '../answer-error.js';

/** Why a namespace operation failed, independent of any wire protocol (front ends map these to their errors). */
export type StoreErrorCode =
  | 'NotFound'          // the path (or an ancestor) does not exist
  | 'AccessDenied'      // permission check failed
  | 'AlreadyExists'     // create over an existing item without overwrite
  | 'NotEmpty'          // non-recursive delete of a non-empty directory
  | 'NotDirectory'      // an ancestor is a file
  | 'IsDirectory'       // a file operation on a directory
  | 'BadOffset'         // append offset differs from the committed length, or read past the end
  | 'InvalidArgument'   // malformed input the store can judge (ACL shape, expiry on a directory...)
  | 'LeaseConflict'     // another writer holds the file open
  | 'NotSuperUser';     // only the super-user may do this (change owner)

export class StoreError extends AnswerError {
  constructor(readonly code: StoreErrorCode, message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export const notFound = (path: string) => new StoreError('NotFound', `File/Folder does not exist: ${path}`);
export const denied = (path: string) => new StoreError('AccessDenied', `Access denied: ${path}`);
