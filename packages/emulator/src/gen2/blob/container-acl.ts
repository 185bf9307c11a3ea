import { BodyTooLargeError } from '../../http/context.js';
import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { sendEmpty, sendXml } from '../reply.js';
import { requireContainer } from './containers.js';
import { parseOrdered, renderXml } from './xml.js';

/**
 * Get Container ACL (`GET|HEAD /{container}?restype=container&comp=acl`): no public access and no stored access
 * policies (the emulator keeps none; access goes through Azure AD, ACLs, Shared Key and SAS).
 */
export function getContainerAcl(r: Gen2Request): void {
  const c = requireContainer(r);
  sendXml(r, 200, renderXml({ SignedIdentifiers: '' }), { ETag: c.etag, 'Last-Modified': new Date(c.lastModified).toUTCString() });
}

/**
 * Set Container ACL (`PUT /{container}?restype=container&comp=acl`): accepted when it asks for what the emulator
 * keeps (private access, no stored access policies); anything else is refused rather than silently dropped.
 */
export async function setContainerAcl(r: Gen2Request): Promise<void> {
  const c = requireContainer(r);
  let body: Buffer;
  try {
    body = await r.ctx.readBody(64 * 1024);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new Gen2Error(413, 'RequestBodyTooLarge', 'The request body is too large and exceeds the maximum permissible limit.');
    throw e;
  }
  const access = r.ctx.header('x-ms-blob-public-access');
  if (access !== undefined && access !== '') throw new Gen2Error(409, 'PublicAccessNotPermitted', 'Public access is not permitted on this storage account.');
  const text = body.toString('utf8').trim();
  if (text !== '') {
    let roots;
    try {
      roots = parseOrdered(text);
    } catch {
      throw new Gen2Error(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
    }
    if (roots.length !== 1 || roots[0].name !== 'SignedIdentifiers') throw new Gen2Error(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
    if (roots[0].children.length > 0) throw new Gen2Error(400, 'UnsupportedOperation', 'The emulator keeps no stored access policies.');
  }
  sendEmpty(r, 200, { ETag: c.etag, 'Last-Modified': new Date(c.lastModified).toUTCString() });
}
