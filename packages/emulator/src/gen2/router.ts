import { BLOB_ROUTES } from './blob/routes.js';
import { DATALAKE_BLOB_ROUTES } from './blob/datalake-routes.js';
import { DFS_ROUTES } from './dfs/routes.js';
import { USER_DELEGATION_KEY_ROUTE } from './auth/user-delegation-key-route.js';
import { levelOf, type Gen2Request, type Gen2Route } from './request.js';

/**
 * Every served operation, first match wins: the DFS API (gen2/dfs), the Blob calls the DataLake SDKs make
 * (gen2/blob/datalake-routes.ts), the rest of the Blob API (gen2/blob/routes.ts), Get User Delegation Key.
 */
const ROUTES: readonly Gen2Route[] = [...DFS_ROUTES, ...DATALAKE_BLOB_ROUTES, ...BLOB_ROUTES, USER_DELEGATION_KEY_ROUTE];

export function findRoute(r: Gen2Request, routes: readonly Gen2Route[] = ROUTES): Gen2Route | undefined {
  const level = levelOf(r.address);
  const method = r.ctx.method;
  return routes.find((x) => x.api === r.api && x.level === level && x.method === method && (!x.when || x.when(r.query, r)));
}
