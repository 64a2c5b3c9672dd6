import { strict as assert } from 'node:assert';
import { SERVE_OPTIONS, parseServeOptions } from '../../../../src/cli/commands/serve-bridge.ts';
import { SERVER_OPTIONS_SCHEMA } from '../../../../bridge/server/options.ts';

describe('src/cli/commands/serve-bridge', () => {
  it('parses CLI strings into server options', () => {
    assert.deepEqual(parseServeOptions({ host: '0.0.0.0', port: '9000', token: 'T', idleTimeoutMs: '0', log: 'false', resultsDir: undefined }), {
      host: '0.0.0.0',
      port: 9000,
      token: 'T',
      idleTimeoutMs: 0,
      log: false,
    });
    assert.throws(() => parseServeOptions({ port: 'eighty' }), /--port must be a non-negative integer/);
    assert.throws(() => parseServeOptions({ maxPayload: '1.5' }), /--max-payload must be a non-negative integer/);
  });

  it('describes only real options, with commander-style flags', () => {
    const known = Object.keys(SERVER_OPTIONS_SCHEMA.properties);
    for (const o of SERVE_OPTIONS) {
      assert.ok(known.includes(o.key), o.key);
      assert.match(o.flag, /^--[a-z-]+( <[a-z]+>)?$/);
      assert.ok(o.description.length > 5);
    }
    assert.deepEqual(
      SERVE_OPTIONS.slice(0, 3).map((o) => o.key),
      ['host', 'port', 'token'],
    );
  });
});
