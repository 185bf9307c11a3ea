import type { Inode } from '../../store/inode.js';
import type { ContentHeaders } from '../../store/path-props.js';
import { etag, httpDate } from './http-dates.js';
import { permissionsString } from './permissions.js';

type Headers = Record<string, string | number | undefined>;

/** ETag and Last-Modified of a path. */
export const versionHeaders = (n: Inode): Headers => ({ ETag: etag(n.id, n.version), 'Last-Modified': httpDate(n.mtime) });

/** What every path answer shows of its identity and protection (both APIs on HNS accounts). */
export function systemHeaders(n: Inode, name: (id: string) => string): Headers {
  return {
    ...versionHeaders(n),
    'x-ms-creation-time': httpDate(n.ctime),
    'x-ms-resource-type': n.kind === 'dir' ? 'directory' : 'file',
    'x-ms-owner': name(n.owner),
    'x-ms-group': name(n.group),
    'x-ms-permissions': permissionsString(n),
  };
}

/** Content headers as stored (Content-Type defaults to application/octet-stream); MD5 only for whole-content answers. */
export function contentHeaders(c: Readonly<ContentHeaders> | undefined, whole: boolean): Headers {
  return {
    'Content-Type': c?.contentType ?? 'application/octet-stream',
    'Content-Encoding': c?.contentEncoding,
    'Content-Language': c?.contentLanguage,
    'Content-Disposition': c?.contentDisposition,
    'Cache-Control': c?.cacheControl,
    'Content-MD5': whole ? c?.contentMd5 : undefined,
  };
}

/** Content headers a DFS create/flush sets: `x-ms-content-*` and `x-ms-cache-control`; undefined when none is given. */
export function requestedContentHeaders(header: (n: string) => string | undefined): ContentHeaders | undefined {
  const c: ContentHeaders = {};
  const set = (k: keyof ContentHeaders, v: string | undefined) => { if (v !== undefined) c[k] = v; };
  set('contentType', header('x-ms-content-type'));
  set('contentEncoding', header('x-ms-content-encoding'));
  set('contentLanguage', header('x-ms-content-language'));
  set('contentDisposition', header('x-ms-content-disposition'));
  set('cacheControl', header('x-ms-cache-control'));
  set('contentMd5', header('x-ms-content-md5'));
  return Object.keys(c).length > 0 ? c : undefined;
}

/** DFS list results and getProperties show a creation time as a Windows FILETIME (100 ns since 1601). */
export const fileTime = (ms: number) => String((BigInt(ms) + 11644473600000n) * 10000n);
