/**
 * The Gen1 data plane's operation table, shared by the SDK (to build requests) and the emulator
 * (to reject malformed requests before any handler runs). One row per `op=` value
 * (filesystem-api.md §5, Swagger filesystem.json). Parameter names are lower-case: the service matches
 * them without regard to case (§2.1).
 */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface OperationSpec {
  op: string;
  method: HttpMethod;
  /** `webhdfs` = /webhdfs/v1/{path}; `webhdfsext` = /WebHdfsExt/{path} (matched case-insensitively). */
  namespace: 'webhdfs' | 'webhdfsext';
  /** Parameters that must be present (besides `op`). */
  required: readonly string[];
  /** Every parameter accepted (besides `op`, `api-version` and the common ones below). */
  allowed: readonly string[];
  /** At least one of these must be present (SETOWNER: owner or group). Empty when no such rule. */
  atLeastOne: readonly string[];
  /** Whether the request carries a body (file bytes or a JSON list). */
  body: 'none' | 'bytes' | 'json';
  /** Success status. */
  success: number;
  /** What a success answer carries: a JSON document, nothing, or raw bytes (OPEN). */
  result: 'json' | 'empty' | 'bytes';
}

/** Accepted on every operation. */
export const COMMON_PARAMETERS: readonly string[] = ['api-version', 'op'];

const row = (op: string, method: HttpMethod, o: Partial<Omit<OperationSpec, 'op' | 'method'>> = {}): OperationSpec => ({
  op, method, namespace: o.namespace ?? 'webhdfs', required: o.required ?? [], allowed: o.allowed ?? [],
  atLeastOne: o.atLeastOne ?? [], body: o.body ?? 'none', success: o.success ?? 200, result: o.result ?? 'empty',
});

const LIST = ['listsize', 'listafter', 'listbefore', 'tooid'];
const ACL = { required: ['aclspec'], allowed: ['aclspec'] };

// `write=true` / `append=true` / `read=true` only suppress a redirect the emulator never issues (§2.4):
// allowed, not required, so a client that omits them is still served.
export const OPERATIONS: Readonly<Record<string, OperationSpec>> = Object.fromEntries([
  row('LISTSTATUS', 'GET', { allowed: LIST, result: 'json' }),
  // Out of scope in §5.20 but named by Java/.NET: served as an alias of LISTSTATUS.
  row('MSLISTSTATUS', 'GET', { allowed: LIST, result: 'json' }),
  row('GETFILESTATUS', 'GET', { allowed: ['tooid'], result: 'json' }),
  row('MKDIRS', 'PUT', { allowed: ['permission'], result: 'json' }),
  row('CREATE', 'PUT', {
    allowed: ['overwrite', 'permission', 'syncflag', 'leaseid', 'filesessionid', 'write', 'createparent'], body: 'bytes', success: 201,
  }),
  row('APPEND', 'POST', { allowed: ['offset', 'syncflag', 'leaseid', 'filesessionid', 'append'], body: 'bytes' }),
  row('CONCURRENTAPPEND', 'POST', { namespace: 'webhdfsext', allowed: ['appendmode', 'syncflag', 'leaseid', 'filesessionid'], body: 'bytes' }),
  row('OPEN', 'GET', { allowed: ['offset', 'length', 'read', 'filesessionid', 'buffersize', 'speculative'], result: 'bytes' }),
  row('DELETE', 'DELETE', { allowed: ['recursive', 'filecontextid'], result: 'json' }),
  row('RENAME', 'PUT', { required: ['destination'], allowed: ['destination', 'renameoptions'], result: 'json' }),
  row('MSCONCAT', 'POST', { allowed: ['deletesourcedirectory'], body: 'json' }),
  row('CONCAT', 'POST', { required: ['sources'], allowed: ['sources'] }),
  row('SETPERMISSION', 'PUT', { required: ['permission'], allowed: ['permission'] }),
  row('SETOWNER', 'PUT', { allowed: ['owner', 'group'], atLeastOne: ['owner', 'group'] }),
  row('SETACL', 'PUT', ACL),
  row('MODIFYACLENTRIES', 'PUT', ACL),
  row('REMOVEACLENTRIES', 'PUT', ACL),
  row('REMOVEDEFAULTACL', 'PUT'),
  row('REMOVEACL', 'PUT'),
  row('GETACLSTATUS', 'GET', { allowed: ['tooid'], result: 'json' }),
  row('MSGETACLSTATUS', 'GET', { allowed: ['tooid'], result: 'json' }),
  row('GETCONTENTSUMMARY', 'GET', { result: 'json' }),
  row('CHECKACCESS', 'GET', { required: ['fsaction'], allowed: ['fsaction'] }),
  row('SETEXPIRY', 'PUT', { namespace: 'webhdfsext', required: ['expiryoption'], allowed: ['expiryoption', 'expiretime'] }),
  row('SETTIMES', 'PUT', { allowed: ['modificationtime', 'accesstime'] }),
].map((r) => [r.op, r]));

/** Looks an op up without regard to case (§2.1); undefined for unknown ops. */
export function findOperation(op: string): OperationSpec | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, op.toUpperCase()) ? OPERATIONS[op.toUpperCase()] : undefined;
}
