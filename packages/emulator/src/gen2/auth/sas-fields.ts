/**
 * The signed fields of a shared access signature, read from the request's query string (Azure Storage
 * "Create an account SAS", "Create a service SAS", "Create a user delegation SAS"). Values are the decoded
 * query values: the string to sign uses them exactly as the client put them in the URL.
 */
export interface SasFields {
  sv: string; sig: string; sp: string; st: string; se: string; sip: string; spr: string;
  /** account SAS */
  ss: string; srt: string;
  /** service SAS */
  sr: string; si: string; sdd: string; snapshot: string; ses: string;
  rscc: string; rscd: string; rsce: string; rscl: string; rsct: string;
  /** user delegation SAS */
  skoid: string; sktid: string; skt: string; ske: string; sks: string; skv: string;
  saoid: string; suoid: string; scid: string; skdutid: string; sduoid: string; srh: string; srq: string;
}

export type SasKind = 'account' | 'service' | 'user-delegation';

const NAMES = [
  'sv', 'sig', 'sp', 'st', 'se', 'sip', 'spr', 'ss', 'srt', 'sr', 'si', 'sdd', 'ses',
  'rscc', 'rscd', 'rsce', 'rscl', 'rsct', 'skoid', 'sktid', 'skt', 'ske', 'sks', 'skv',
  'saoid', 'suoid', 'scid', 'skdutid', 'sduoid', 'srh', 'srq',
] as const;

/** Whether the request carries a SAS: a `sig` parameter (its other fields are then required). */
export function isSasRequest(query: URLSearchParams): boolean {
  return query.has('sig');
}

export function readSasFields(query: URLSearchParams): SasFields {
  const fields = {} as Record<string, string>;
  for (const name of NAMES) fields[name] = query.get(name) ?? '';
  // A base64 signature whose '+' was not percent-encoded arrives as a space.
  fields.sig = fields.sig!.replace(/ /g, '+');
  // The snapshot or version a `bs`/`bv` SAS is bound to is the request's own `snapshot`/`versionid`.
  fields.snapshot = query.get('snapshot') ?? query.get('versionid') ?? '';
  return fields as unknown as SasFields;
}

export function sasKind(f: SasFields): SasKind {
  if (f.ss !== '' || f.srt !== '') return 'account';
  if (f.skoid !== '') return 'user-delegation';
  return 'service';
}
