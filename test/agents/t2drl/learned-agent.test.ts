import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import './fixtures.ts';
import { TINY } from './fixtures.ts';
import { initBackend } from '../../../agents/tfjs/backend.ts';
import { PPOTrainer } from '../../../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../../../agents/t2drl/training/training-config.ts';
import { writeCheckpoint } from '../../../agents/t2drl/training/checkpoint.ts';
import { loadLearnedAgent } from '../../../agents/t2drl/learned-agent.ts';
import { SharedPolicyAgent } from '../../../agents/t2drl/acting/shared-policy-agent.ts';
import { runEpisode } from '../../../agents/evaluation/evaluate.ts';
import { make, registry } from '../../../src/registry/registry.ts';
import { registerSystemView } from '../../../src/parallel/system-view.ts';
import { configHash } from '../../../src/utils/run-metadata.ts';
import { InvalidArgument } from '../../../src/core/errors.ts';

describe('agents/t2drl/learned-agent: a policy shared by the agents of a multi-agent id, on its system view', () => {
  let dir: string;
  before(async () => {
    await initBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'shared-ckpt-'));
    if (!registry.has('test/Servers-View-v0')) registerSystemView('test/Servers-v0');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const kind of ['ppo', 't2drl'] as const) {
    it(`${kind}: the checkpoint acts on the view exactly as the trainer's shared policy does`, async () => {
      const t = new PPOTrainer(resolveTrainingConfig(kind, 'test/Servers-v0', { ...TINY, numEnvs: 3, ppo: { ...TINY.ppo, rolloutSteps: 12 } }));
      const path = join(dir, `${kind}.json`);
      try {
        t.iterate();
        writeCheckpoint(path, t.toCheckpoint('cpu'));
        const env = make('test/Servers-View-v0');
        const ctx = {
          observationSpace: env.observationSpace,
          actionSpace: env.actionSpace,
          envId: 'test/Servers-View-v0',
          envConfigHash: configHash((env.unwrapped as unknown as { config: unknown }).config),
        };
        const loaded = await loadLearnedAgent({ name: kind, checkpoint: path }, ctx);
        assert.ok(loaded instanceof SharedPolicyAgent);
        const direct = new SharedPolicyAgent({ name: 'd', padding: t.padding!, network: t.net.config, weights: t.net.readWeights(), head: t.head, obsNorm: t.obsNorm });
        const a = runEpisode(env, loaded, 10000);
        const b = runEpisode(env, direct, 10000);
        assert.equal(a.return, b.return);
        assert.equal(a.length, 4);
        // the view's reward is the system's: the record's cost is the mean system cost per slot
        assert.ok(a.meanCost > 0);
        const offNoTtt = await loadLearnedAgent({ name: kind, checkpoint: path, testTimeUpdates: false }, ctx);
        assert.equal((offNoTtt as SharedPolicyAgent).testTimeUpdates, false);
        await assert.rejects(loadLearnedAgent({ name: kind, checkpoint: path }, { ...ctx, envId: 'test/ContextBandit-v0' }), (e: unknown) => e instanceof InvalidArgument && /test\/Servers-View-v0/.test(e.message));
        await assert.rejects(loadLearnedAgent({ name: kind, checkpoint: path }, { ...ctx, envConfigHash: 'other' }), (e: unknown) => e instanceof InvalidArgument && /configuration/.test(e.message));
        await assert.rejects(loadLearnedAgent({ name: kind, checkpoint: path, online: true }, ctx), (e: unknown) => e instanceof InvalidArgument && /online/.test(e.message));
        const other = make('test/ContextBandit-v0');
        await assert.rejects(
          loadLearnedAgent({ name: kind, checkpoint: path }, { ...ctx, actionSpace: other.actionSpace }),
          (e: unknown) => e instanceof InvalidArgument && /es0, es1, es2/.test(e.message),
        );
      } finally {
        t.close();
      }
    });
  }
});

describe('agents/t2drl/learned-agent: the training seed in a checkpoint name', () => {
  it('refuses a checkpoint named for another seed than the one it was trained with, naming the right name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seed-name-'));
    try {
      const shipped = new URL('../../../agents/checkpoints/t2drl-EdgeLLM-Flip-v0-s3.json', import.meta.url);
      const wrong = join(dir, 't2drl-EdgeLLM-Flip-v0-s1.json');
      copyFileSync(shipped, wrong);
      const env = make('EdgeLLM-Flip-v0');
      const ctx = { observationSpace: env.observationSpace, actionSpace: env.actionSpace, envId: 'EdgeLLM-Flip-v0' };
      await assert.rejects(
        loadLearnedAgent({ name: 't2drl', checkpoint: wrong }, ctx),
        (e: unknown) => e instanceof InvalidArgument && /named for training seed 1 but was trained with seed 3; rename it to t2drl-EdgeLLM-Flip-v0-s3\.json/.test(e.message),
      );
      const right = join(dir, 't2drl-EdgeLLM-Flip-v0-s3.json');
      copyFileSync(shipped, right);
      const agent = await loadLearnedAgent({ name: 't2drl', checkpoint: right }, ctx);
      agent.close?.();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
