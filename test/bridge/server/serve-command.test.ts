import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVE_OPTIONS, TOKEN_ENV_VAR, parseServeOptions } from '../../../bridge/server/serve-command.ts';
import { SERVER_OPTIONS_SCHEMA } from '../../../bridge/server/options.ts';

describe('bridge/server/serve-command', () => {
  it('parses CLI strings into server options', () => {
    assert.deepEqual(parseServeOptions({ host: '0.0.0.0', port: '9000', token: 'T', idleTimeoutMs: '0', log: 'false', resultsDir: undefined }, {}), {
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
    const known = [...Object.keys(SERVER_OPTIONS_SCHEMA.properties), 'tokenFile'];
    for (const o of SERVE_OPTIONS) {
      assert.ok(known.includes(o.key), o.key);
      assert.match(o.flag, /^--[a-z-]+( <[a-z]+>)?$/);
      if (o.repeatable) assert.equal(o.defaultValue, undefined);
      assert.ok(o.description.length > 5);
    }
    assert.deepEqual(
      SERVE_OPTIONS.slice(0, 3).map((o) => o.key),
      ['host', 'port', 'token'],
    );
  });

  it('reads the token from --token-file or the environment, never both flags (finding 5)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgellm-token-'));
    const file = join(dir, 'token');
    writeFileSync(file, 'from-file\nignored\n');
    assert.equal(parseServeOptions({ tokenFile: file }, {}).token, 'from-file');
    assert.equal(parseServeOptions({}, { [TOKEN_ENV_VAR]: ' from-env ' }).token, 'from-env');
    assert.equal(parseServeOptions({ tokenFile: file }, { [TOKEN_ENV_VAR]: 'from-env' }).token, 'from-file');
    assert.equal(parseServeOptions({}, {}).token, undefined);
    assert.throws(() => parseServeOptions({ token: 'a', tokenFile: file }, {}), /--token or --token-file, not both/);
    assert.throws(() => parseServeOptions({ tokenFile: join(dir, 'missing') }, {}), /--token-file .* could not be read/);
    writeFileSync(file, '\n');
    assert.throws(() => parseServeOptions({ tokenFile: file }, {}), /is empty; write the token on its first line/);
  });

  it('collects --allow-host and passes --insecure', () => {
    assert.deepEqual(parseServeOptions({ allowHosts: ['a.example', 'b.example'], insecure: true }, {}), { allowHosts: ['a.example', 'b.example'], insecure: true });
  });
});
