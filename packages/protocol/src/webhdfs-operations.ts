/**
 * The Gen1 data plane's operation table, shared by the SDK (to build requests) and the emulator
 * (to reject malformed requests before any handler runs). One row per `op=` value
 * (filesystem-api.md §5). Parameter names are lower-case: the service matches them without regard to case.
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
  /** Whether the request carries a body (file bytes or a JSON list). */
  body: 'none' | 'bytes' | 'json';
  /** Success status. */
  success: number;
}

/** Accepted on every operation. */
export const COMMON_PARAMETERS: readonly string[] = ['api-version', 'op'];

const row = (op: string, method: HttpMethod, o: Partial<Omit<OperationSpec, 'op' | 'method'>> = {}): OperationSpec => ({
  op, method, namespace: o.namespace ?? 'webhdfs', required: o.required ?? [], allowed: o.allowed ?? [],
  body: o.body ?? 'none', success: o.success ?? 200,
});

export const OPERATIONS: Readonly<Record<string, OperationSpec>> = Object.fromEntries([
  row('LISTSTATUS', 'GET', { allowed: ['listsize', 'listafter', 'listbefore', 'tooid'] }),
  row('MSLISTSTATUS', 'GET', { allowed: ['listsize', 'listafter', 'listbefore', 'tooid'] }),
  row('GETFILESTATUS', 'GET', { allowed: ['tooid'] }),
  row('MKDIRS', 'PUT', { allowed: ['permission'] }),
  row('CREATE', 'PUT', { allowed: ['overwrite', 'permission', 'syncflag', 'leaseid', 'filesessionid', 'write'], body: 'bytes', success: 201 }),
  row('APPEND', 'POST', { allowed: ['offset', 'syncflag', 'leaseid', 'filesessionid', 'append'], body: 'bytes' }),
  row('CONCURRENTAPPEND', 'POST', { namespace: 'webhdfsext', allowed: ['appendmode', 'syncflag'], body: 'bytes' }),
  row('OPEN', 'GET', { allowed: ['offset', 'length', 'read', 'filesessionid', 'buffersize'] }),
  row('DELETE', 'DELETE', { allowed: ['recursive'] }),
  row('RENAME', 'PUT', { required: ['destination'], allowed: ['destination', 'renameoptions'] }),
  row('MSCONCAT', 'POST', { allowed: ['deletesourcedirectory'], body: 'json' }),
  row('CONCAT', 'POST', { required: ['sources'], allowed: ['sources'] }),
  row('SETPERMISSION', 'PUT', { allowed: ['permission'] }),
  row('SETOWNER', 'PUT', { allowed: ['owner', 'group'] }),
  row('SETACL', 'PUT', { required: ['aclspec'], allowed: ['aclspec'] }),
  row('MODIFYACLENTRIES', 'PUT', { required: ['aclspec'], allowed: ['aclspec'] }),
  row('REMOVEACLENTRIES', 'PUT', { required: ['aclspec'], allowed: ['aclspec'] }),
  row('REMOVEDEFAULTACL', 'PUT'),
  row('REMOVEACL', 'PUT'),
  row('GETACLSTATUS', 'GET', { allowed: ['tooid'] }),
  row('MSGETACLSTATUS', 'GET', { allowed: ['tooid'] }),
  row('GETCONTENTSUMMARY', 'GET'),
  row('CHECKACCESS', 'GET', { required: ['fsaction'], allowed: ['fsaction'] }),
  row('SETEXPIRY', 'PUT', { namespace: 'webhdfsext', required: ['expiryoption'], allowed: ['expiryoption', 'expiretime'] }),
  row('SETTIMES', 'PUT', { allowed: ['modificationtime', 'accesstime'] }),
].map((r) => [r.op, r]));
