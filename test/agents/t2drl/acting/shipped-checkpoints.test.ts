import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import '../../../../envs/index.ts';
import { SHIPPED_CHECKPOINT_DIR } from '../../../../agents/t2drl/acting/shipped-checkpoints.ts';
import { readCheckpoint } from '../../../../agents/t2drl/training/checkpoint.ts';
import { TRAINING_RECIPES } from '../../../../agents/t2drl/training/training-recipes.ts';
import { resolveTrainingConfig } from '../../../../agents/t2drl/training/training-config.ts';
import { agentsFor, createAgent } from '../../../../agents/catalogue.ts';
import { runEpisode } from '../../../../agents/evaluation/evaluate.ts';
import { make } from '../../../../src/registry/registry.ts';
import { configHash } from '../../../../src/utils/run-metadata.ts';

const files = readdirSync(SHIPPED_CHECKPOINT_DIR).filter((f) => f.endsWith('.json'));

describe('learning agents: shipped checkpoints', () => {
  it('one per training recipe, made by that recipe', () => {
    assert.deepEqual(files.sort(), TRAINING_RECIPES.map((r) => `${r.agent}-${r.envId}.json`).sort());
    for (const r of TRAINING_RECIPES) {
      const c = readCheckpoint(join(SHIPPED_CHECKPOINT_DIR, `${r.agent}-${r.envId}.json`));
      assert.equal(c.agent, r.agent);
      assert.equal(c.env.id, r.envId);
      assert.equal(c.training.ppo.seed, r.seed);
      assert.equal(c.progress.envSteps, r.steps, `${r.agent}-${r.envId} trained for the recipe's budget`);
      assert.ok(c.progress.envSteps < 4_000_000, 'below the paper budget, scaled to this machine');
      const o = r.overrides;
      const config = resolveTrainingConfig(r.agent, r.envId, { ...o, ppo: { ...(o.ppo ?? {}), seed: r.seed }, network: { ...(o.network ?? {}), seed: r.seed } });
      assert.deepEqual(JSON.parse(JSON.stringify(c.training)), JSON.parse(JSON.stringify(config)), `${r.agent}-${r.envId}: the recipe's configuration`);
    }
  });

  for (const file of files) {
    it(`${file} matches its environment and every agent built from it plays an episode`, async () => {
      const c = readCheckpoint(join(SHIPPED_CHECKPOINT_DIR, file));
      const env = make(c.env.id);
      const hash = configHash((env.unwrapped as unknown as { config?: unknown }).config ?? env.spec?.kwargs ?? {});
      assert.equal(c.env.configHash, hash, `the ${c.env.id} configuration changed since ${file} was trained; retrain it (docs/agents.md)`);
      const names = c.agent === 'ppo' ? ['ppo'] : ['t2drl', 't2drl-no-ttt'];
      for (const name of names) {
        assert.ok(agentsFor(c.env.id).some((e) => e.name === name), `${name} applies to ${c.env.id}`);
        const agent = await createAgent(name, {
          observationSpace: env.observationSpace,
          actionSpace: env.actionSpace,
          envId: c.env.id,
          envConfigHash: hash,
        });
        const r = runEpisode(env, agent, 10000);
        assert.ok(r.length > 0 && Number.isFinite(r.return));
      }
    });
  }
});
