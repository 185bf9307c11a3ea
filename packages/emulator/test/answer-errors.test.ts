import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileNotFound, RemoteError } from '../src/datalake/remote-error.js';
import { gen2Errors, Gen2Error } from '../src/gen2/errors.js';
import { TokenValidationError } from '../src/identity/validator.js';
import { notFound, StoreError } from '../src/store/errors.js';

/**
 * Errors that are answers (a 404, a refused token) are thrown on the request path for the client's mistakes and
 * capture no stack trace (V8 spends ~10 µs collecting one); every other error keeps its stack.
 */
const frames = (e: Error) => (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).length;

test('answer errors carry their fields and message but no stack frames', () => {
  const store = notFound('/a/b');
  assert.ok(store instanceof StoreError && store instanceof Error);
  assert.equal(store.code, 'NotFound');
  assert.equal(store.message, 'File/Folder does not exist: /a/b');
  const remote = fileNotFound('File/Folder does not exist: /a/b');
  assert.ok(remote instanceof RemoteError && remote instanceof Error);
  assert.equal(remote.status, 404);
  const gen2 = gen2Errors.unknownAccount();
  assert.ok(gen2 instanceof Gen2Error);
  const token = new TokenValidationError('expired', 'The access token has expired.');
  assert.equal(token.armCode, 'ExpiredAuthenticationToken');
  for (const e of [store, remote, gen2, token]) assert.equal(frames(e), 0, `${e.constructor.name} has no stack frames`);
});

test('other errors keep their stack, and the stack trace limit is left as it was', () => {
  const limit = Error.stackTraceLimit;
  notFound('/x');
  assert.equal(Error.stackTraceLimit, limit);
  assert.ok(frames(new Error('a fault')) > 0);
  assert.ok(frames(new TypeError('another fault')) > 0);
});
