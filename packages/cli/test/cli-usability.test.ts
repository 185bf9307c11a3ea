// What a user sees when things go wrong: exit codes, one-line messages with the fix, help texts.
// Unit checks in-process; the binary checks need `npm run build` first (like auth-cli.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessDeniedError, AdlsError, AlreadyExistsError, ConflictError, FirewallBlockedError, NotFoundError } from 'adls-gen1';
import { parsePort, startFailure } from '../src/commands/emulator.js';
import { errorCode } from '../src/emulator-discovery.js';
import { exitCodeFor, EXIT } from '../src/exit.js';
import { buildProgram, errorText } from '../src/program.js';
import { jsonText } from '../src/output.js';
import type { Command } from 'commander';
import { CLI_MAIN, runNode, type Run } from './cli-process.js';

describe('exit codes and messages (in-process)', () => {
  test('conflicts: name taken → 6, non-empty directory / path through a file → 2, other → 1', () => {
    assert.equal(exitCodeFor(new ConflictError('CONFLICT', 'x', { status: 409, remoteCode: 'AccountNameAlreadyTaken' })), EXIT.ALREADY_EXISTS);
    assert.equal(exitCodeFor(new ConflictError('DIRECTORY_NOT_EMPTY', 'x', { status: 403, remoteCode: 'PathIsNotEmptyDirectoryException' })), EXIT.BAD_INPUT);
    assert.equal(exitCodeFor(new ConflictError('PARENT_NOT_DIRECTORY', 'x', { status: 400 })), EXIT.BAD_INPUT);
    assert.equal(exitCodeFor(new ConflictError('CONFLICT', 'x', { status: 409, remoteCode: 'ResourceGroupBeingDeleted' })), EXIT.FAILURE);
    assert.equal(exitCodeFor(new AlreadyExistsError('ALREADY_EXISTS', 'x')), EXIT.ALREADY_EXISTS);
  });

  test('errorCode finds the network code under the SDK wrapper (CONNECTION)', () => {
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    assert.equal(errorCode(new AdlsError('CONNECTION', 'GET localhost:1: …', { cause: tls })), 'SELF_SIGNED_CERT_IN_CHAIN');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.equal(errorCode(new AdlsError('CONNECTION', 'GET', { cause: refused })), 'ECONNREFUSED');
    assert.equal(errorCode(new Error('plain')), undefined);
  });

  test('service trailers are stripped; access denied gets a hint; server failures keep the request id', () => {
    const nf = new NotFoundError('NOT_FOUND', 'GETFILESTATUS /x: FileNotFoundException: File/Folder does not exist: /x [0a1b2c3d-e6c7-4b25-b420-2992e61b4a8c][2026-11-25T16:57:26.3330000+00:00]', { requestId: 'r1' });
    assert.equal(errorText(nf), 'GETFILESTATUS /x: FileNotFoundException: File/Folder does not exist: /x');
    assert.match(errorText(new AccessDeniedError('ACCESS_DENIED', 'DELETE /x: denied')), /\nhint: 'adls whoami'/);
    assert.equal(errorText(new AdlsError('SERVER_ERROR', 'boom', { status: 500, requestId: 'r2' })), 'boom (request id r2)');
  });

  test('a firewall block says which rule to add for the caller\'s IP, not to ask the owner for ACLs', () => {
    const e = new FirewallBlockedError('FIREWALL_BLOCKED', "LISTSTATUS /: AccessDeniedByFirewall: The client IP '203.0.113.7' is not allowed, …",
      { status: 403, remoteCode: 'AccessDeniedByFirewall', clientIp: '203.0.113.7', account: 'mylake' });
    assert.equal(exitCodeFor(e), EXIT.ACCESS_DENIED);
    const text = errorText(e);
    assert.match(text, /adls account firewall create mylake allow-203-0-113-7 --start-ip 203\.0\.113\.7 --end-ip 203\.0\.113\.7/);
    assert.match(text, /--allow-azure-ips Enabled/);
    assert.doesNotMatch(text, /owner must grant/);
  });

  test('emulator port: validated (2), a busy port says so and how to fix it', () => {
    assert.equal(parsePort('0'), 0);
    assert.equal(parsePort('8443'), 8443);
    for (const bad of ['99999', 'abc', '1.5', '-1']) assert.throws(() => parsePort(bad), (e: unknown) => exitCodeFor(e) === EXIT.BAD_INPUT);
    const busy = startFailure(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), '127.0.0.1', 8443);
    assert.equal(busy.exitCode, EXIT.FAILURE);
    assert.match(busy.message, /port 8443 .* already in use.*--port/);
  });

  test('--json everywhere: every command takes it (but login, logout and the narrated demo)', () => {
    const leaves = (c: Command, prefix: string): [string, Command][] =>
      c.commands.length === 0 ? [[prefix, c]] : c.commands.flatMap((k) => leaves(k, `${prefix} ${k.name()}`.trim()));
    const without = leaves(buildProgram(), '').filter(([, c]) => !c.options.some((o) => o.long === '--json')).map(([n]) => n);
    assert.deepEqual(without.filter((n) => !['login', 'logout', 'demo'].includes(n)), []);
  });

  test('JSON output: instants as ISO 8601 UTC (0 = never → null), fractions rounded to 2 decimals', () => {
    const v = JSON.parse(jsonText({ modificationTime: 1796361354768, msExpirationTime: 0, bytesPerSecond: 12345.6789, elapsedMs: 12.3456, length: 7,
      nested: [{ accessTime: 1796361354768 }], expiresOn: '2026-12-04T05:28:06.000Z' }));
    assert.deepEqual(v, { modificationTime: '2026-12-04T05:15:54.768Z', msExpirationTime: null, bytesPerSecond: 12345.68, elapsedMs: 12.35, length: 7,
      nested: [{ accessTime: '2026-12-04T05:15:54.768Z' }], expiresOn: '2026-12-04T05:28:06.000Z' });
  });

  test('help: examples and the exit-code table; no "(default: false)" noise', () => {
    const program = buildProgram();
    let all = '';
    program.configureOutput({ writeOut: (s) => { all += s; } });
    program.outputHelp();
    assert.match(all, /Exit codes:[\s\S]*130 +interrupted/);
    assert.match(all, /Examples:\n {2}adls emulator start/);
    const start = program.commands.find((c) => c.name() === 'emulator')!.commands.find((c) => c.name() === 'start')!;
    assert.doesNotMatch(start.helpInformation(), /default: false/);
    const list = program.commands.find((c) => c.name() === 'account')!.commands.find((c) => c.name() === 'list')!;
    assert.match(list.helpInformation(), /-g, --resource-group <name> +only the accounts of this resource group/);
  });
});


describe('the adls binary', () => {
  let dir: string;
  let busy: Server;
  let port: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'adls-cli-usability-'));
    busy = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', () => res()));
    port = (busy.address() as { port: number }).port;
  });
  after(async () => {
    await new Promise((res) => busy.close(res));
    rmSync(dir, { recursive: true, force: true });
  });

  function adls(args: string[], env: Record<string, string> = {}): Promise<Run> {
    return runNode([CLI_MAIN, ...args],
      { PATH: process.env.PATH ?? '', HOME: dir, ADLS_CONFIG_DIR: join(dir, 'config'), ADLS_EMULATOR_LOCATION: join(dir, 'emu'), ...env });
  }

  test('no emulator listening: exit 1, says how to start one or where to point', async () => {
    // Port 1: privileged and outside the ephemeral range, so no concurrently running test can be listening there
    // (a port taken and released here could be bound again by another test file before the CLI connects).
    const r = await adls(['whoami'], { ADLS_EMULATOR: 'https://127.0.0.1:1' });
    assert.equal(r.code, EXIT.FAILURE, r.stderr);
    assert.match(r.stderr, /^adls: no emulator is listening at https:\/\/127\.0\.0\.1:\d+: start one with 'adls emulator start', or point at a running one with --emulator/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  test('emulator start on a busy port: exit 1, one clear line', async () => {
    const r = await adls(['emulator', 'start', '--port', String(port), '--location', join(dir, 'emu')]);
    assert.equal(r.code, EXIT.FAILURE, r.stderr);
    assert.match(r.stderr, new RegExp(`^adls: port ${port} on 127\\.0\\.0\\.1 is already in use`));
  });

  test('usage errors: exit 2, one line and a pointer to --help (not the whole help)', async () => {
    const r = await adls(['fs', 'mkdir']);
    assert.equal(r.code, EXIT.BAD_INPUT);
    assert.equal(r.stderr, "adls: missing required argument 'paths'\n(run 'adls fs mkdir --help' for usage)\n");
    const bad = await adls(['emulator', 'start', '--port', '70000']);
    assert.equal(bad.code, EXIT.BAD_INPUT);
    assert.match(bad.stderr, /--port must be a whole number from 0 to 65535/);
  });
});
