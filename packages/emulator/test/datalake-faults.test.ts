import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawFault } from '../src/datalake/faults.js';
import { startDataLake, type DataLakeTest } from './datalake-support.js';

const W = '/webhdfs/v1';
let d: DataLakeTest;
const faults = () => d.t.emu.options.faults;
before(async () => {
  d = await startDataLake();
  await d.call('PUT', `${W}/f/a.txt?op=CREATE&write=true`, { body: '0123456789' });
});
after(async () => { await d.stop(); });
const reset = () => Object.assign(faults(), { rate503: 0, rate429: 0, rateDrop: 0, slowMs: 0 });

test('drawFault follows the configured rates', () => {
  const seq = (vals: number[]) => { let i = 0; return () => vals[i++ % vals.length]; };
  assert.equal(drawFault({ rate503: 0, rate429: 0, rateDrop: 0, slowMs: 0 }), 'none');
  assert.equal(drawFault({ rate503: 0.5, rate429: 0, rateDrop: 0, slowMs: 0 }, seq([0.4])), '503');
  assert.equal(drawFault({ rate503: 0.5, rate429: 0.5, rateDrop: 0, slowMs: 0 }, seq([0.6, 0.1])), '429');
  assert.equal(drawFault({ rate503: 0, rate429: 0, rateDrop: 0.2, slowMs: 0 }, seq([0.1])), 'drop');
  let n = 0;
  for (let i = 0; i < 2000; i++) if (drawFault({ rate503: 0.1, rate429: 0, rateDrop: 0, slowMs: 0 }) === '503') n++;
  assert.ok(n > 120 && n < 280, `about 10% 503s, got ${n}`);
});

test('503 and 429 carry RemoteException bodies; 429 has Retry-After; management is never faulted', async () => {
  try {
    faults().rate503 = 1;
    const r = await d.call('GET', `${W}/f/a.txt?op=GETFILESTATUS`);
    assert.equal(r.status, 503);
    assert.ok(r.json.RemoteException.exception);
    assert.equal((await d.call('GET', '/_emulator/info', { host: 'localhost' })).status, 200);
    reset();
    faults().rate429 = 1;
    const t = await d.call('GET', `${W}/f/a.txt?op=GETFILESTATUS`);
    assert.equal(t.status, 429);
    assert.equal(t.headers.get('retry-after'), '1');
    assert.equal(t.json.RemoteException.exception, 'ThrottledException');
  } finally {
    reset();
  }
  assert.equal((await d.call('GET', `${W}/f/a.txt?op=GETFILESTATUS`)).status, 200);
});

test('slowMs delays every data-plane answer', async () => {
  try {
    faults().slowMs = 300;
    const t0 = Date.now();
    assert.equal((await d.call('GET', `${W}/f/a.txt?op=GETFILESTATUS`)).status, 200);
    assert.ok(Date.now() - t0 >= 290);
  } finally {
    reset();
  }
});

test('dropped connections: reads cut mid-body, uploads never half-commit, empty answers are lost after the change', async () => {
  try {
    faults().rateDrop = 1;
    await assert.rejects(d.call('GET', `${W}/f/a.txt?op=GETFILESTATUS`));
    await assert.rejects(d.call('GET', `${W}/f/a.txt?op=OPEN&read=true`));
    await assert.rejects(d.call('POST', `${W}/f/a.txt?op=APPEND&append=true&offset=10`, { body: 'abc' }));
    await assert.rejects(d.call('PUT', `${W}/f/a.txt?op=SETPERMISSION&permission=750`));
  } finally {
    reset();
  }
  const s = (await d.call('GET', `${W}/f/a.txt?op=GETFILESTATUS`)).json.FileStatus;
  assert.equal(s.length, 10, 'the dropped APPEND committed nothing');
  assert.equal(s.permission, '750', 'the SETPERMISSION whose answer was lost did happen');
});

test('with 30% drops and 20% 503s, a retrying writer (Python BadOffset recovery) ends with exact content', async () => {
  await d.call('PUT', `${W}/f/r.bin?op=CREATE&write=true&overwrite=true`);
  Object.assign(faults(), { rateDrop: 0.3, rate503: 0.2 });
  let expected = '';
  try {
    for (let i = 0; i < 30; i++) {
      const data = `chunk-${i};`;
      const offset = expected.length;
      for (let attempt = 0; ; attempt++) {
        assert.ok(attempt < 50, 'too many retries');
        const r = await d.call('POST', `${W}/f/r.bin?op=APPEND&append=true&syncFlag=DATA&offset=${offset}`, { body: data }).catch(() => undefined);
        if (r?.status === 200) break;
        if (r?.json?.RemoteException?.exception === 'BadOffsetException') {
          const probe = await d.call('POST', `${W}/f/r.bin?op=APPEND&append=true&syncFlag=DATA&offset=${offset + data.length}`, { body: '' }).catch(() => undefined);
          if (probe?.status === 200) break;
        }
      }
      expected += data;
    }
  } finally {
    reset();
  }
  assert.equal((await d.call('GET', `${W}/f/r.bin?op=OPEN&read=true`)).text, expected);
});
