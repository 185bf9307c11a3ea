import type { IncomingMessage } from 'node:http';
import type { ContentHeaders } from '../../store/path-props.js';
import { Gen2Error } from '../errors.js';

/** The blob's content headers as Put Blob, Put Block List and Set Blob Properties carry them (`x-ms-blob-*`). */
export function contentHeadersFrom(req: IncomingMessage): ContentHeaders {
  const h = (n: string) => {
    const v = req.headers[n];
    return typeof v === 'string' ? v : undefined;
  };
  const md5 = h('x-ms-blob-content-md5');
  if (md5 !== undefined && Buffer.from(md5, 'base64').length !== 16) {
    throw new Gen2Error(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', {
      'x-ms-invalid-header-name': 'x-ms-blob-content-md5', 'x-ms-invalid-header-value': md5.replace(/[^\x20-\x7e]/g, '?').slice(0, 256),
    });
  }
  const out: ContentHeaders = {
    contentType: h('x-ms-blob-content-type'),
    contentEncoding: h('x-ms-blob-content-encoding'),
    contentLanguage: h('x-ms-blob-content-language'),
    contentDisposition: h('x-ms-blob-content-disposition'),
    cacheControl: h('x-ms-blob-cache-control'),
    contentMd5: md5,
  };
  for (const k of Object.keys(out) as (keyof ContentHeaders)[]) if (out[k] === undefined) delete out[k];
  return out;
}
