import { Gen2Error, gen2Errors } from '../errors.js';
import { requiredHeader, type Gen2Request } from '../request.js';
import { requireContainer } from './containers.js';

/**
 * Path_Undelete (`PUT /{container}/{path}?comp=undelete`, `x-ms-undelete-source: ?deletionid=…`, what
 * DataLakeFileSystemClient.undeletePath sends). Soft delete is off on the emulator's accounts: a delete is
 * permanent (`x-ms-delete-type-permanent: true`), so no deletion id names anything to restore: 404.
 */
export function undeletePath(r: Gen2Request): void {
  requireContainer(r);
  const source = requiredHeader(r, 'x-ms-undelete-source');
  if (!/^\?deletionid=\d+$/i.test(source)) throw gen2Errors.invalidHeader('x-ms-undelete-source', source);
  throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
}
