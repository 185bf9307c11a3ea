import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { AccountRegistry, accountMigrations } from './accounts/registry.js';
import { resolveOptions, type EmulatorOptions } from './config.js';
import { STOP_GRACE_MS } from './defaults.js';
import type { EmulatorCore } from './core.js';
import { gen2Provisioner } from './gen2/filesystems/provisioner.js';
import { DataFolderLock } from './data-folder-lock.js';
import { disablePretenuring } from './gc-tuning.js';
import { gen1Provisioner } from './datalake/provisioning.js';
import { createDataLakeService } from './datalake/service.js';
import { createGen2Service } from './gen2/service.js';
import { ClientAbortedError, RequestContext, type Service } from './http/context.js';
import { Directory, directoryMigrations } from './identity/directory.js';
import { SigningKeys } from './identity/keys.js';
import { createIdentityService } from './identity/service.js';
import { TokenValidator } from './identity/validator.js';
import { createLogger, type Logger } from './log.js';
import { createManagementService } from './management/service.js';
import { migrate, openDatabase, type Db } from './store/db.js';
import type { Namespace } from './store/namespace.js';
import { openStore } from './store/open-store.js';
import { WalCheckpointer } from './store/wal-checkpointer.js';
import { issuableServerName, LocalCa } from './tls/ca.js';
import { RoleAssignmentRegistry } from './authorization/role-assignments.js';
import { DEV_STORAGE_ACCOUNT, StorageAccountRegistry, storageAccountMigrations } from './storage-accounts/registry.js';
import { buildInfo, publicInfo, type EmulatorInfo } from './info.js';
import { isImpersonatedHost } from './proxy/public-hosts.js';
import { TransparentProxy } from './proxy/proxy-server.js';
import { writeTrustBundle } from './proxy/trust-bundle.js';


/** A host for a URL: IPv6 addresses in brackets. */
const urlHost = (h: string) => (h.includes(':') ? `[${h}]` : h);

export const DEFAULT_ACCOUNT = { name: 'adlsemulator', resourceGroup: 'adls-emulator', location: 'eastus2' };

/**
 * The emulator: one HTTPS listener serving Azure AD, Azure Resource Manager and the ADLS Gen1 data plane.
 * The constructor opens the data folder and wires the services; `start()` listens; `stop()` closes.
 */
export class Emulator {
  readonly options: EmulatorOptions;
  readonly core: EmulatorCore;
  private readonly services: Service[];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Requests whose handler has not finished yet: stop() waits for them before closing the database. */
  private inFlight = 0;
  /** Set by stop() while it waits for the requests in flight: called when the last one finishes. */
  private drained?: () => void;
  private listeningPort = 0;
  private readonly log: Logger;
  private readonly db: Db;
  /** SQLite's WAL checkpoints, run off the event loop (durable store only). */
  private readonly checkpointer?: WalCheckpointer;
  /** This emulator's hold on its data folder (one emulator per folder). */
  private readonly lock: DataFolderLock;
  private readonly store: Namespace;
  /** Transparent mode's HTTP proxy (undefined unless `proxyPort` is set). */
  private readonly proxy?: TransparentProxy;
  /** System roots + the emulator's CA, for clients whose CA setting replaces their trust store. */
  readonly caBundlePath: string;

  constructor(opts: Partial<EmulatorOptions> & { location: string }) {
    this.options = resolveOptions(opts);
    mkdirSync(this.options.location, { recursive: true, mode: 0o700 });
    // Before anything touches the folder: a second emulator on it would collect the first one's extents.
    this.lock = DataFolderLock.acquire(this.options.location);
    try {
      this.log = createLogger(this.options.verbose);
      this.db = openDatabase(this.options.location, this.options.inMemory);
      migrate(this.db, [...directoryMigrations, ...accountMigrations, ...storageAccountMigrations]);
      if (!this.options.inMemory) {
        this.checkpointer = new WalCheckpointer(this.db, this.db.name, (e) => this.log.warn(`WAL checkpoints back on the event loop: ${(e as Error).message ?? e}`));
      }
      const ca = new LocalCa(this.options.location);
      this.caBundlePath = writeTrustBundle(ca.caCertPath, ca.caCertPem);
      const keys = new SigningKeys(this.options.location);
      const directory = new Directory(this.db);
      directory.seedIfEmpty();
      const baseUrl = () => `${this.options.insecureHttp ? 'http' : 'https'}://${this.options.publicHost}:${this.listeningPort}`;
      const store = openStore(
        this.options.inMemory ? { kind: 'memory' } : { kind: 'durable', db: this.db, location: this.options.location },
        this.options.now, (e) => this.log.warn(`extent collector: ${(e as Error).message ?? e}`));
      this.store = store;
      this.core = {
        options: this.options,
        db: this.db,
        log: this.log,
        ca,
        keys,
        directory,
        accounts: new AccountRegistry(this.db),
        storageAccounts: new StorageAccountRegistry(this.db),
        roleAssignments: new RoleAssignmentRegistry(this.db),
        storageNamespaces: gen2Provisioner(this.db, store),
        validator: new TokenValidator({
          keys,
          issuerBase: baseUrl,
          tenantIds: () => directory.tenantIds(),
          clockSkewSeconds: this.options.clockSkew,
          now: this.options.now,
        }),
        store,
        namespaces: gen1Provisioner(store, directory, DEFAULT_ACCOUNT.name),
        baseUrl,
        port: () => this.listeningPort,
        defaultAccount: DEFAULT_ACCOUNT,
        caBundlePath: this.caBundlePath,
        proxyUrl: () => (this.proxy ? `http://${urlHost(this.options.proxyHost)}:${this.proxy.port}` : undefined),
      };
      // Order matters: Gen2 claims {account}.dfs|blob hosts and path-style storage requests (/{storage account}/...),
      // the Gen1 data plane claims account hosts and /webhdfs paths, management claims /subscriptions and
      // /providers, identity answers everything else (with JSON 404s).
      const datalake = createDataLakeService(this.core);
      this.services = [createGen2Service(this.core), datalake, createManagementService(this.core), createIdentityService(this.core)];
      this.ensureDefaultAccount();
      this.ensureDevStorageAccount();

      const listener = (req: IncomingMessage, res: ServerResponse) => void this.dispatch(req, res);
      if (this.options.insecureHttp) {
        this.server = createHttpServer(listener);
      } else {
        const suffix = this.options.dataPlaneSuffix;
        // In transparent mode the public Azure names the proxy hands over get their own certificates too.
        const impersonating = this.options.proxyPort !== undefined;
        this.server = createHttpsServer({
          ...ca.defaultCredentials([this.options.publicHost, `*.${suffix}`]),
          // The retired Node SDK (ms-rest over `request`) sends uploads chunked *and* with a Content-Length; the
          // service read the chunked body (RFC 9112 §6.3: Transfer-Encoding wins), Node's strict parser answers 400.
          // We are always the last hop (no intermediary re-parses), so the lenient parser cannot smuggle requests.
          insecureHTTPParser: true,
          // Names the emulator does not serve get the default context (undefined) rather than a freshly signed leaf.
          SNICallback: (name, cb) => {
            const issuable = issuableServerName(name, this.options.publicHost, suffix) || (impersonating && isImpersonatedHost(name));
            if (!issuable) return cb(null, undefined);
            ca.contextFor(name).then((ctx) => cb(null, ctx), (e: Error) => cb(e));
          },
        }, listener);
      }
      this.server.keepAliveTimeout = 65_000;
      this.server.headersTimeout = 70_000;
      this.server.requestTimeout = 0; // uploads of any size...
      this.server.timeout = this.options.socketIdleTimeout; // ...but not a stalled one (the socket is destroyed)
      this.server.on('connection', (s: Socket) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
      this.server.on('clientError', (_err, socket) => {
        if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        else socket.destroy();
      });
      if (this.options.proxyPort !== undefined) {
        if (this.options.insecureHttp) throw new Error('transparent mode (proxyPort) needs HTTPS: it cannot run with insecureHttp');
        this.proxy = new TransparentProxy({
          port: this.options.proxyPort, host: this.options.proxyHost, denyOther: this.options.proxyDenyOther,
          log: this.log, verbose: this.options.verbose,
          // The TLS server takes the connection over as if the client had dialled it (SNI picks the certificate).
          intercept: (socket) => this.server.emit('connection', socket),
        });
      }
    } catch (e) {
      void this.checkpointer?.stop();
      this.lock.release();
      throw e;
    }
  }

  private ensureDefaultAccount(): void {
    const d = DEFAULT_ACCOUNT;
    const users = this.core.directory.listUsers();
    const owner = users.find((u) => u.mfa) ?? users[0];
    if (!this.core.accounts.get(d.name) && owner) {
      this.core.accounts.insert({
        name: d.name, subscriptionId: this.core.directory.defaultSubscriptionId(), resourceGroup: d.resourceGroup,
        location: d.location, ownerOid: owner.oid, provisioningState: 'Succeeded', tags: {}, properties: {},
      }, this.options.now());
    }
    if (owner) this.core.namespaces.provision(d.name, { oid: owner.oid, name: owner.upn });
  }

  /** The well-known Gen2 development account (DEV_STORAGE_ACCOUNT), owned like the default Gen1 account. */
  private ensureDevStorageAccount(): void {
    const d = DEV_STORAGE_ACCOUNT;
    if (this.core.storageAccounts.get(d.name)) return;
    const users = this.core.directory.listUsers();
    const owner = users.find((u) => u.mfa) ?? users[0];
    if (!owner) return;
    this.core.storageAccounts.insert({
      name: d.name, subscriptionId: this.core.directory.defaultSubscriptionId(), resourceGroup: d.resourceGroup,
      location: d.location, ownerOid: owner.oid, kind: 'StorageV2', sku: 'Standard_LRS', isHnsEnabled: true,
      keys: [d.key, d.key], provisioningState: 'Succeeded', tags: {}, properties: {},
    }, this.options.now());
  }

  /**
   * Request pipeline, in one place: context → service dispatch → error safety nets. Counts the request in flight
   * until its handler is done (one async call per request and no promise bookkeeping: this runs for every request).
   */
  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    let ctx: RequestContext | undefined;
    try {
      const proto = this.options.insecureHttp ? 'http' : 'https';
      ctx = new RequestContext(req, res, `${proto}://${req.headers.host ?? `${this.options.publicHost}:${this.listeningPort}`}`);
      if (this.options.verbose) this.logWhenDone(ctx);
      if (ctx.rawPath === '/_emulator/info' && ctx.method === 'GET') return ctx.sendJson(200, publicInfo(buildInfo(this.core, ctx.hostName)));
      if (ctx.rawPath === '/_emulator/ca.pem' && ctx.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'application/x-pem-file' });
        return void res.end(this.core.ca.caCertPem);
      }
      for (const s of this.services) {
        if (await s.handle(ctx)) return;
      }
      ctx.sendJson(404, { error: 'not_found', error_description: `No route for ${ctx.method} ${ctx.rawPath}` });
    } catch (e) {
      this.unhandled(e, req, res, ctx);
    } finally {
      if (--this.inFlight === 0) this.drained?.();
    }
  }

  private logWhenDone(ctx: RequestContext): void {
    const started = Date.now();
    ctx.res.on('finish', () => this.log.debug(`${ctx.method} ${ctx.hostName}${ctx.rawPath} ${ctx.res.statusCode} ${Date.now() - started}ms`));
  }

  /** The safety net: an error no service answered. Never throws. */
  private unhandled(e: unknown, req: IncomingMessage, res: ServerResponse, ctx: RequestContext | undefined): void {
    try {
      // A client that went away mid-body or mid-answer is routine (all three services): nothing to answer or log.
      if (e instanceof ClientAbortedError || ctx?.clientGone) {
        this.log.debug(`${req.method} ${ctx?.rawPath ?? req.url}: the client went away`);
        return void res.destroy();
      }
      this.log.warn(`unhandled error on ${req.method} ${ctx?.rawPath ?? req.url}: ${(e as Error).stack ?? e}`);
      if (!ctx || res.headersSent) return void res.destroy();
      ctx.sendJson(500, { error: { code: 'InternalServerError', message: 'The emulator hit an internal error.' } });
    } catch (e2) {
      this.log.warn(`request pipeline failed: ${(e2 as Error).stack ?? e2}`);
      res.destroy();
    }
  }

  async start(): Promise<void> {
    if (!this.options.allocationSitePretenuring) disablePretenuring();
    const repaired = await this.store.start();
    if (repaired.removed || repaired.truncated) this.log.info(`data plane: removed ${repaired.removed} orphan extent(s), truncated ${repaired.truncated} past their committed length`);
    if (repaired.short.length) this.log.warn(`data plane: ${repaired.short.length} extent(s) shorter than their committed length`);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (this.server.address() as AddressInfo).port;
    if (this.proxy) {
      try {
        await this.proxy.start();
      } catch (e) {
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
        throw e;
      }
    }
    if (this.options.insecureHttp) this.log.warn('serving PLAIN HTTP: tokens cross the wire unencrypted. Real clients refuse http authorities.');
  }

  /** Requests being handled right now. */
  get requestsInFlight(): number { return this.inFlight; }

  get port(): number { return this.listeningPort; }
  /** The transparent-mode proxy's port (undefined when it is off). */
  get proxyPort(): number | undefined { return this.proxy?.port; }
  get baseUrl(): string { return this.core.baseUrl(); }

  info(): EmulatorInfo {
    return buildInfo(this.core);
  }

  /**
   * Stops accepting connections, cuts the open ones, then waits (at most STOP_GRACE_MS) for handlers still
   * running (e.g. one that was writing when its socket went) before the services and the database close:
   * closing under a running handler would fail it half-way ("database connection is not open").
   */
  async stop(): Promise<void> {
    await this.proxy?.stop();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS); });
      const idle = new Promise<'idle'>((resolve) => { this.drained = () => resolve('idle'); });
      const outcome = await Promise.race([idle, grace]);
      clearTimeout(timer);
      this.drained = undefined;
      if (outcome === 'timeout') this.log.warn(`stopping with ${this.inFlight} request(s) still running after ${STOP_GRACE_MS} ms`);
    }
    for (const s of this.services) await s.close?.();
    await this.store.close();
    await this.checkpointer?.stop();
    this.db.close();
    this.lock.release();
  }
}
