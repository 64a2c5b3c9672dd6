import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../../../../envs/index.ts';
import {
  SHIPPED_CHECKPOINT_DIR,
  checkpointCandidates,
  checkpointFileName,
  checkpointSearchPath,
  defaultTrainingSeed,
  findCheckpoint,
  seedOfCheckpointFile,
  trainingSeedsOf,
} from '../../../../agents/t2drl/acting/shipped-checkpoints.ts';
import { readCheckpoint } from '../../../../agents/t2drl/training/checkpoint.ts';
import { systemViewId } from '../../../../src/parallel/system-view.ts';
import { TRAINING_RECIPES, recipeCommand } from '../../../../agents/t2drl/training/training-recipes.ts';
import { resolveTrainingConfig } from '../../../../agents/t2drl/training/training-config.ts';
import { agentsFor, createAgent } from '../../../../agents/catalogue.ts';
import { runEpisode } from '../../../../agents/evaluation/evaluate.ts';
import { make } from '../../../../src/registry/registry.ts';
import { configHash } from '../../../../src/utils/run-metadata.ts';

const files = readdirSync(SHIPPED_CHECKPOINT_DIR).filter((f) => f.endsWith('.json'));

describe('learning agents: checkpoint names and lookup by training seed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'edgellm-seeds-'));
    checkpointSearchPath.unshift(dir);
  });
  afterEach(() => {
    checkpointSearchPath.splice(checkpointSearchPath.indexOf(dir), 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a checkpoint by agent, environment and seed, and reads the seed back', () => {
    assert.equal(checkpointFileName('t2drl', 'EdgeLLM-Flip-v0', 3), 't2drl-EdgeLLM-Flip-v0-s3.json');
    assert.equal(seedOfCheckpointFile('t2drl-EdgeLLM-Flip-v0-s3.json', 't2drl', 'EdgeLLM-Flip-v0'), 3);
    assert.equal(seedOfCheckpointFile('t2drl-EdgeLLM-Flip-v0-s42.json', 't2drl', 'EdgeLLM-Flip-v0'), 42);
    for (const other of ['ppo-EdgeLLM-Flip-v0-s3.json', 't2drl-EdgeLLM-Flip-v0.json', 't2drl-EdgeLLM-Flip-v0-s.json', 't2drl-EdgeLLM-Flip-v0-s03.json', 't2drl-EdgeLLM-Flip-v0-s3.json.bak', 't2drl-EdgeLLM-v0-s3.json']) {
      assert.equal(seedOfCheckpointFile(other, 't2drl', 'EdgeLLM-Flip-v0'), null, other);
    }
  });

  it('lists the seeds of every searched directory, defaults to the lowest, and prefers the search path', () => {
    const env = 'EdgeLLM-Test-v9';
    assert.deepEqual(trainingSeedsOf('t2drl', env), []);
    assert.equal(defaultTrainingSeed('t2drl', env), null);
    assert.equal(findCheckpoint('t2drl', env), null);
    for (const s of [7, 3, 12]) writeFileSync(join(dir, checkpointFileName('t2drl', env, s)), '{}');
    writeFileSync(join(dir, checkpointFileName('ppo', env, 1)), '{}');
    assert.deepEqual(trainingSeedsOf('t2drl', env), [3, 7, 12]);
    assert.equal(defaultTrainingSeed('t2drl', env), 3);
    assert.equal(findCheckpoint('t2drl', env), join(dir, 't2drl-EdgeLLM-Test-v9-s3.json'));
    assert.equal(findCheckpoint('t2drl', env, 12), join(dir, 't2drl-EdgeLLM-Test-v9-s12.json'));
    assert.equal(findCheckpoint('t2drl', env, 4), null);
    assert.deepEqual(checkpointCandidates('t2drl', env, 4).slice(0, 1), [join(dir, 't2drl-EdgeLLM-Test-v9-s4.json')]);
    assert.ok(checkpointCandidates('t2drl', env).every((p) => p.endsWith('t2drl-EdgeLLM-Test-v9-s<seed>.json')));
    // a directory earlier on the path wins for the same seed, and seeds from later directories still count
    const shipped = checkpointFileName('t2drl', 'EdgeLLM-Flip-v0', 1);
    copyFileSync(join(SHIPPED_CHECKPOINT_DIR, shipped), join(dir, shipped));
    assert.equal(findCheckpoint('t2drl', 'EdgeLLM-Flip-v0', 1), join(dir, shipped));
    assert.ok(trainingSeedsOf('t2drl', 'EdgeLLM-Flip-v0').includes(1));
  });
});

describe('learning agents: shipped checkpoints', () => {
  it('one per training recipe, made by that recipe', () => {
    assert.deepEqual(files.sort(), TRAINING_RECIPES.map((r) => checkpointFileName(r.agent, r.envId, r.seed)).sort());
    for (const r of TRAINING_RECIPES) {
      const c = readCheckpoint(join(SHIPPED_CHECKPOINT_DIR, checkpointFileName(r.agent, r.envId, r.seed)));
      assert.equal(c.agent, r.agent);
      assert.equal(c.env.id, r.envId);
      assert.equal(c.training.ppo.seed, r.seed);
      assert.equal(c.progress.envSteps, r.steps, `${r.agent}-${r.envId}-s${r.seed} trained for the recipe's budget`);
      assert.ok(c.progress.envSteps < 4_000_000, 'below the paper budget, scaled to this machine');
      const o = r.overrides;
      const config = resolveTrainingConfig(r.agent, r.envId, { ...o, ppo: { ...(o.ppo ?? {}), seed: r.seed }, network: { ...(o.network ?? {}), seed: r.seed } });
      assert.deepEqual(JSON.parse(JSON.stringify(c.training)), JSON.parse(JSON.stringify(config)), `${r.agent}-${r.envId}-s${r.seed}: the recipe's configuration`);
    }
  });

  it('docs/agents.md lists the train command of every recipe', () => {
    const doc = readFileSync(new URL('../../../../docs/agents.md', import.meta.url), 'utf8');
    for (const r of TRAINING_RECIPES) assert.ok(doc.includes(recipeCommand(r)), `docs/agents.md lacks: ${recipeCommand(r)}`);
  });

  for (const file of files) {
    it(`${file} matches its environment and every agent built from it plays an episode`, async () => {
      const c = readCheckpoint(join(SHIPPED_CHECKPOINT_DIR, file));
      // a policy shared by the agents of a multi-agent id plays that system's single-agent view
      const id = c.env.agents === undefined ? c.env.id : systemViewId(c.env.id);
      const env = make(id);
      const hash = configHash((env.unwrapped as unknown as { config?: unknown }).config ?? env.spec?.kwargs ?? {});
      assert.equal(c.env.configHash, hash, `the ${c.env.id} configuration changed since ${file} was trained; retrain it (docs/agents.md)`);
      const names = c.agent === 'ppo' ? ['ppo'] : ['t2drl', 't2drl-no-ttt'];
      for (const name of names) {
        assert.ok(agentsFor(id).some((e) => e.name === name), `${name} applies to ${id}`);
        const agent = await createAgent(name, {
          observationSpace: env.observationSpace,
          actionSpace: env.actionSpace,
          envId: id,
          envConfigHash: hash,
          trainingSeed: c.training.ppo.seed,
        });
        const r = runEpisode(env, agent, 10000);
        assert.ok(r.length > 0 && Number.isFinite(r.return));
      }
    });
  }
});
