import { strict as assert } from 'node:assert';
import { InvalidConfig } from '../../../src/core/errors.ts';
import { TASKS } from '../../../envs/data/accuracy.ts';
import { DEFAULT_MARKET_OPTIONS, resolveMultiConfig } from '../../../envs/edge-llm-multi/config.ts';

const invalid = (input: unknown, field: string, text: RegExp) =>
  assert.throws(
    () => resolveMultiConfig(input),
    (e: Error) => e instanceof InvalidConfig && e.fields.includes(field) && text.test(e.message),
  );

describe('envs/edge-llm-multi/config', () => {
  it('defaults: four heterogeneous servers, the market on, individual rewards', () => {
    const c = resolveMultiConfig();
    assert.equal(c.numServers, 4);
    assert.equal(c.horizon, 100);
    assert.deepEqual(c.modelNames, ['lamda-137b', 'palm-540b']);
    assert.deepEqual(c.resolved.map((r) => [r.gpus, r.agents, r.energyBudget]), [[8, 3, 600], [16, 4, 1200], [16, 4, 800], [32, 5, 2400]]);
    assert.equal(c.market, true);
    assert.equal(c.reward, 'individual');
    assert.deepEqual(c.marketOptions, DEFAULT_MARKET_OPTIONS);
  });

  it('user groups take the benchmark tasks in turn across the whole system; a server may set its own', () => {
    const c = resolveMultiConfig();
    const all = c.resolved.flatMap((r) => r.task);
    assert.deepEqual(all, Array.from({ length: 16 }, (_, i) => TASKS[i % 7]));
    const d = resolveMultiConfig({ servers: [{ agents: 2, tasks: ['ARC', 'ARC'] }, { agents: 2 }] });
    assert.deepEqual(d.resolved[0]!.task, ['ARC', 'ARC']);
    assert.deepEqual(d.resolved[1]!.task, ['SVAMP', 'ASDiv']);
  });

  it('common fields apply to every server under its own; gpu objects merge', () => {
    const c = resolveMultiConfig({ common: { horizon: 7, gpu: { watts: 100 } }, servers: [{ gpus: 2 }, { gpus: 4, gpu: { memoryGB: 40 } }] });
    assert.deepEqual(c.resolved.map((r) => r.horizon), [7, 7]);
    assert.deepEqual(c.resolved.map((r) => [r.gpu.watts, r.gpu.memoryGB]), [[100, 80], [100, 40]]);
    assert.equal(c.serverConfigs[1]!.gpus, 4);
  });

  it('refuses bad fields by path, including a server\'s own', () => {
    invalid({ market: 'yes' }, 'config.market', /market/);
    invalid({ marketOptions: { tiers: 0 } }, 'config.marketOptions.tiers', /tiers/);
    invalid({ reward: 'selfish' }, 'config.reward', /reward/);
    invalid({ servers: [] }, 'config.servers', /servers/);
    invalid({ servers: [{ gpus: 4, colour: 'red' }] }, 'config.servers[0].colour', /config.servers\[0\].colour is not a known field/);
    invalid({ servers: [{ agents: 2, rates: [1, 2, 3] }] }, 'config.servers[0].rates', /server 0.*one entry per agent \(2\)/);
  });

  it('every server must share the horizon and the models', () => {
    invalid({ servers: [{}, { horizon: 50 }] }, 'config.servers[1].horizon', /is 50 but server 0's is 100/);
    invalid(
      { servers: [{}, { models: [{ name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 16384 }] }] },
      'config.servers[1].models',
      /are lamda-137b but server 0's are lamda-137b, palm-540b/,
    );
  });
});
