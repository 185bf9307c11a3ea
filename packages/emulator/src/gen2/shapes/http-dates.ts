/** Last-Modified style dates (RFC 1123, GMT), as the service sends them. */
export const httpDate = (ms: number) => new Date(ms).toUTCString();

/** An ETag from an id and a change counter, in the service's quoted `0x8D…` hex form; changes on every change. */
export function etag(id: number, version: number): string {
  return `"0x8D${id.toString(16).toUpperCase().padStart(7, '0')}${version.toString(16).toUpperCase().padStart(6, '0')}"`;
}

/** `x-ms-creation-time` style, and the ISO form list results use. */
export const isoDate = (ms: number) => new Date(ms).toISOString();

/** A file system's ETag: from its creation time and change counter. */
export function fileSystemEtag(createdAt: number, version: number): string {
  return `"0x8D${createdAt.toString(16).toUpperCase().padStart(11, '0')}${version.toString(16).toUpperCase().padStart(2, '0')}"`;
}
