import type { Gen2Request } from '../request.js';
import { sendXml } from '../reply.js';
import { serviceEndpoint } from './service-endpoint.js';
import { containerListXml } from './container-list-xml.js';
import { containersOf, type ContainerView } from './containers.js';
import { CONTAINER_INCLUDES, includeOf, maxResultsOf } from './list-params.js';

/**
 * List Containers (`GET /?comp=list`): the account's file systems in name order, `prefix`, `maxresults`,
 * `include=metadata`, and markers in the service's form `/{account}/{next container}`.
 */
export function listContainers(r: Gen2Request): void {
  const prefix = r.query.get('prefix') ?? '';
  const marker = r.query.get('marker') ?? '';
  const maxResults = maxResultsOf(r.query);
  const include = includeOf(r.query, CONTAINER_INCLUDES);
  const own = `/${r.account.name}/`;
  const from = marker.startsWith(own) ? marker.slice(own.length) : marker;
  const page: ContainerView[] = [];
  let next: ContainerView | undefined;
  for (const c of containersOf(r, prefix, from)) {
    if (page.length === maxResults) {
      next = c;
      break;
    }
    page.push(c);
  }
  sendXml(r, 200, containerListXml({
    serviceEndpoint: serviceEndpoint(r),
    prefix: r.query.has('prefix') ? prefix : undefined,
    marker: r.query.has('marker') ? marker : undefined,
    maxResults: r.query.has('maxresults') ? maxResults : undefined,
    containers: page.map((c) => ({ name: c.name, lastModified: c.lastModified, etag: c.etag, metadata: include.has('metadata') ? c.metadata : undefined })),
    nextMarker: next ? own + next.name : '',
  }));
}
