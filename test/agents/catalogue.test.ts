import { strict as assert } from 'node:assert';
import '../../envs/index.ts';
import { make, listSpecs } from '../../src/registry/registry.ts';
import { configHash } from '../../src/utils/run-metadata.ts';
import { collectWarnings } from '../../src/core/logger.ts';
import { agentsFor, createAgent, listAgents } from '../../agents/catalogue.ts';
import { runEpisode } from '../../agents/evaluation/evaluate.ts';

/**
 * The contract of every agent in the catalogue: on every registered environment it applies to, it is
 * built by the catalogue and plays one short episode (20 steps) through the passive checker with no
 * warning, ending with a finite return.
 */
const BUILTIN = listSpecs()
  .filter((s) => s.module !== null && s.module.endsWith('/envs/index.ts'))
  .map((s) => s.id);
const STEPS = 20;

describe('agents/catalogue', () => {
  it('lists every family, each entry with a description', () => {
    const names = listAgents().map((e) => e.name);
    for (const n of ['cloud', 'fifo', 'lfu', 'laot', 'popularity', 'greedy', 'random', 'small-step', 'large-step', 'adaptive-step', 'ppo', 't2drl', 't2drl-no-ttt', 't2drl-online']) {
      assert.ok(names.includes(n), n);
    }
    assert.equal(new Set(names).size, names.length, 'names are unique');
    for (const e of listAgents()) assert.ok(e.description.length > 10 && e.description !== e.name, e.name);
  });

  it('every registered environment has at least one baseline', () => {
    for (const id of BUILTIN) assert.ok(agentsFor(id).some((e) => e.baseline), id);
  });

  for (const id of BUILTIN) {
    for (const entry of agentsFor(id)) {
      it(`${entry.name} plays a short episode of ${id}`, async () => {
        const env = make(id, {}, { maxEpisodeSteps: STEPS });
        const unwrapped = env.unwrapped as unknown as { config?: unknown };
        const agent = await createAgent(entry.name, {
          observationSpace: env.observationSpace,
          actionSpace: env.actionSpace,
          envId: id,
          seed: 1,
          envConfigHash: configHash(unwrapped.config ?? env.spec?.kwargs ?? {}),
        });
        const [record, warnings] = collectWarnings(() => runEpisode(env, agent, 10_000));
        agent.close?.();
        env.close();
        assert.deepEqual(warnings, []);
        assert.ok(record.length >= 1 && record.length <= STEPS, `length ${record.length}`);
        assert.ok(Number.isFinite(record.return), `return ${record.return}`);
      });
    }
  }
});
