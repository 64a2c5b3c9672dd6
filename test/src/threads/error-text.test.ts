import assert from 'node:assert/strict';
import { readErrorText, writeErrorText } from '../../../src/threads/error-text.ts';

describe('src/threads/error-text', () => {
  it('carries name, message and code across a round trip', () => {
    const text = new Uint8Array(new SharedArrayBuffer(4096));
    const e = Object.assign(new RangeError('bad row 3'), { code: 'invalid_action' });
    assert.deepEqual(readErrorText(text, writeErrorText(text, e)), { name: 'RangeError', message: 'bad row 3', code: 'invalid_action' });
    assert.deepEqual(readErrorText(text, writeErrorText(text, 'plain')), { name: 'Error', message: 'plain', code: 'internal' });
  });

  it('cuts a long message to fit, and reads a cut text as a plain message', () => {
    const small = new Uint8Array(200);
    const r = readErrorText(small, writeErrorText(small, new Error('x'.repeat(5000))));
    // the message was cut to 1,000 characters, which still overflows 200 bytes: the text is cut, read as it is
    assert.equal(r.name, 'Error');
    assert.ok(r.message.length <= 200 && r.message.includes('xxx'));
  });
});
