// The in-memory emulator (`adls emulator start --in-memory`, option inMemory): the same services, nothing kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDataLake } from './datalake-support.js';

test('in memory: the data plane works end to end and the data folder keeps only the CA and the signing keys', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-inmem-'));
  try {
    const d = await startDataLake({ location, inMemory: true });
    try {
      assert.equal((await d.call('PUT', '/webhdfs/v1/m/f.txt?op=CREATE&write=true', { body: 'hello' })).status, 201);
      assert.equal((await d.call('POST', '/webhdfs/v1/m/f.txt?op=APPEND&append=true&offset=5', { body: ' world' })).status, 200);
      assert.equal((await d.call('GET', '/webhdfs/v1/m/f.txt?op=OPEN&read=true')).text, 'hello world');
      const list = await d.call('GET', '/webhdfs/v1/m?op=LISTSTATUS');
      assert.deepEqual(list.json.FileStatuses.FileStatus.map((s: { pathSuffix: string }) => s.pathSuffix), ['f.txt']);
      assert.equal((await d.call('GET', '/webhdfs/v1/m/f.txt?op=OPEN&read=true', { token: d.bob })).status, 403, 'ACLs hold in memory too');
    } finally {
      await d.stop();
    }
    assert.deepEqual(readdirSync(location).sort(), ['keys', 'tls']);
    assert.equal(existsSync(join(location, 'emulator.sqlite')), false);

    const again = await startDataLake({ location, inMemory: true });
    try {
      assert.equal((await again.call('GET', '/webhdfs/v1/m/f.txt?op=GETFILESTATUS')).status, 404, 'nothing survives a restart');
    } finally {
      await again.stop();
    }
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});
