import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../fixtures.ts';
import { TINY } from '../fixtures.ts';
import { runTraining } from '../../../../agents/t2drl/training/train-run.ts';
import { readCheckpoint } from '../../../../agents/t2drl/training/checkpoint.ts';
import { InvalidArgument } from '../../../../src/core/errors.ts';
import { PPOTrainer, defaultLearnerThreads } from '../../../../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../../../../agents/t2drl/training/training-config.ts';

const ENV = 'test/ContextBandit-v0';

describe('learning agents: training runs', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'edgellm-run-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes checkpoints, the best checkpoint, the learning curve (CSV + SVG) and a summary; resumes to a larger budget', async () => {
    const out = join(dir, 'run');
    const base = { agent: 't2drl' as const, envId: ENV, seed: 5, outDir: out, overrides: TINY, backend: 'cpu' as const, checkpointEvery: 2 };
    const first = await runTraining({ ...base, steps: 240 });
    assert.equal(first.iterations, 3);
    assert.equal(first.backend, 'cpu');
    for (const f of Object.values(first.files)) assert.ok(existsSync(f), f);
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), []);
    const csv = readFileSync(first.files.curveCsv, 'utf8').trim().split('\n');
    assert.equal(csv.length, 1 + 3);
    assert.match(csv[0]!, /^iteration,envSteps,episodes,trainCost/);
    assert.ok(readFileSync(first.files.curveSvg, 'utf8').startsWith('<svg'));
    assert.equal(JSON.parse(readFileSync(first.files.summary, 'utf8')).iterations, 3);

    await assert.rejects(runTraining({ ...base, steps: 400 }), (e: Error) => e instanceof InvalidArgument && /--resume/.test(e.message));
    await assert.rejects(runTraining({ ...base, steps: 400, seed: 6, resume: true }), /seed 5, not t2drl on .* with seed 6/);
    const second = await runTraining({ ...base, steps: 400, resume: true });
    assert.equal(second.iterations, 5);
    assert.equal(readCheckpoint(second.files.checkpoint).progress.iteration, 5);
    assert.equal(readFileSync(second.files.curveCsv, 'utf8').trim().split('\n').length, 1 + 5);
  });

  for (const agent of ['ppo', 't2drl'] as const) {
    it(`${agent}: gradients 'autodiff' trains through tfjs autodiff and 'hand' (the default) through the hand-derived steps`, async () => {
      const run = (gradients?: 'hand' | 'autodiff') =>
        runTraining({ agent, envId: ENV, seed: 3, steps: 160, outDir: join(dir, `${agent}-${gradients ?? 'default'}`), overrides: TINY, backend: 'cpu', ...(gradients ? { gradients } : {}) });
      const direct = (autodiff: boolean) => {
        const trainer = new PPOTrainer(resolveTrainingConfig(agent, ENV, { ...TINY, ppo: { ...TINY.ppo, seed: 3 }, network: { ...TINY.network, seed: 3 } }));
        trainer.autodiff = autodiff;
        try {
          while (trainer.envSteps < 160) trainer.iterate();
          return trainer.toCheckpoint('cpu').weights;
        } finally {
          trainer.close();
        }
      };
      const byDefault = await run();
      const autodiff = await run('autodiff');
      assert.equal(byDefault.gradients, 'hand');
      assert.equal(autodiff.gradients, 'autodiff');
      const weights = (r: typeof byDefault) => readCheckpoint(r.files.checkpoint).weights;
      assert.equal(byDefault.learnerThreads, defaultLearnerThreads());
      assert.equal(JSON.parse(readFileSync(byDefault.files.summary, 'utf8')).learnerThreads, byDefault.learnerThreads);
      // `direct` computes both shards of every step on the calling thread; the default run, on two cores, one on a learner thread
      assert.deepEqual(weights(byDefault), direct(false), 'the default run is the hand-derived one');
      assert.deepEqual(weights(autodiff), direct(true), 'the autodiff run is the autodiff one');
      assert.notDeepEqual(weights(byDefault), weights(autodiff), 'the two kinds round differently');
      await assert.rejects(run('numeric' as 'hand'), (e: Error) => e instanceof InvalidArgument && /gradients must be 'hand'.*or 'autodiff'/.test(e.message));
      await assert.rejects(
        runTraining({ agent, envId: ENV, seed: 3, steps: 160, outDir: join(dir, `${agent}-threads`), overrides: TINY, backend: 'cpu', learnerThreads: 3 }),
        (e: Error) => e instanceof InvalidArgument && /learnerThreads must be 1 or 2, got 3/.test(e.message),
      );
    });
  }

  it('a signal stops the run after the current iteration and saves it', async () => {
    const out = join(dir, 'stopped');
    const r = await runTraining({
      agent: 'ppo',
      envId: ENV,
      seed: 1,
      steps: 80 * 50,
      outDir: out,
      overrides: TINY,
      backend: 'cpu',
      onIteration: (rep) => {
        if (rep.row.iteration === 2) process.emit('SIGTERM', 'SIGTERM');
      },
    });
    assert.equal(r.interrupted, true);
    assert.equal(r.iterations, 2);
    assert.equal(readCheckpoint(r.files.checkpoint).progress.iteration, 2);
    assert.equal(process.listenerCount('SIGTERM') > 0 && process.listeners('SIGTERM').some((l) => l.name === 'onSignal'), false, 'handlers removed');
  });
});
