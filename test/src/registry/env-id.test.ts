import { strict as assert } from 'node:assert';
import { envId, parseEnvId } from '../../../src/registry/env-id.ts';
import { UnregisteredEnv } from '../../../src/core/errors.ts';

describe('src/registry/env-id', () => {
  it('splits [namespace/]Name[-vN] as Gymnasium does', () => {
    assert.deepEqual(parseEnvId('EdgeLLM-v0'), { namespace: null, name: 'EdgeLLM', version: 0 });
    assert.deepEqual(parseEnvId('lab/EdgeLLM-v12'), { namespace: 'lab', name: 'EdgeLLM', version: 12 });
    assert.deepEqual(parseEnvId('EdgeLLM'), { namespace: null, name: 'EdgeLLM', version: null });
    assert.deepEqual(parseEnvId('my-lab/Edge.LLM'), { namespace: 'my-lab', name: 'Edge.LLM', version: null });
    assert.deepEqual(parseEnvId('a:b/Some-Name-v3'), { namespace: 'a:b', name: 'Some-Name', version: 3 });
    assert.deepEqual(parseEnvId('Name-v'), { namespace: null, name: 'Name-v', version: null });
    assert.deepEqual(parseEnvId('Name-v01'), { namespace: null, name: 'Name', version: 1 });
  });

  it('rejects malformed ids with the expected form in the message', () => {
    for (const bad of ['', 'a/b/c', 'has space-v0', '/Name-v0', 'Name-v0/']) {
      assert.throws(
        () => parseEnvId(bad),
        (e: Error) => e instanceof UnregisteredEnv && e.message.startsWith(`Malformed environment id: ${JSON.stringify(bad)}. Ids look like "Name-v0" or "namespace/Name-v0"`),
        bad,
      );
    }
    assert.throws(() => parseEnvId(3 as never), UnregisteredEnv);
  });

  it('joins parts back into an id', () => {
    assert.equal(envId(null, 'A', 0), 'A-v0');
    assert.equal(envId('ns', 'A', null), 'ns/A');
    for (const id of ['ns/A-v2', 'B', 'x:y/C.D-v10']) {
      const p = parseEnvId(id);
      assert.equal(envId(p.namespace, p.name, p.version), id);
    }
  });
});
