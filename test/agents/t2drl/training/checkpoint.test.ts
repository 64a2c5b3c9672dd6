import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../fixtures.ts';
import { TINY } from '../fixtures.ts';
import { initBackend } from '../../../../agents/tfjs/backend.ts';
import { PPOTrainer } from '../../../../agents/t2drl/training/trainer.ts';
import { resolveTrainingConfig } from '../../../../agents/t2drl/training/training-config.ts';
import { readCheckpoint, writeCheckpoint } from '../../../../agents/t2drl/training/checkpoint.ts';
import { curveFromJSON } from '../../../../agents/t2drl/training/learning-curve.ts';
import { loadLearnedAgent } from '../../../../agents/t2drl/learned-agent.ts';
import { PolicyAgent } from '../../../../agents/t2drl/acting/policy-agent.ts';
import type { Agent, AgentContext } from '../../../../agents/agent.ts';
import { make } from '../../../../src/registry/registry.ts';
import { Discrete } from '../../../../src/spaces/discrete.ts';
import { InvalidArgument } from '../../../../src/core/errors.ts';
import { configHash } from '../../../../src/utils/run-metadata.ts';

const ENV = 'test/ContextBandit-v0';

function ctxFor(id = ENV): AgentContext {
  const env = make(id);
  return {
    observationSpace: env.observationSpace,
    actionSpace: env.actionSpace,
    envId: id,
    envConfigHash: configHash((env.unwrapped as unknown as { config: unknown }).config),
  };
}

function actions(agent: Agent<unknown, unknown>, episodes: number): unknown[] {
  const env = make(ENV);
  const out: unknown[] = [];
  for (let k = 0; k < episodes; k++) {
    let [obs, info] = env.reset({ seed: 500 + k });
    agent.reset(obs, info);
    for (;;) {
      const a = agent.act(obs, info);
      out.push(a);
      const [next, , term, trunc, i2] = env.step(a as number);
      obs = next;
      info = i2;
      if (term || trunc) break;
    }
  }
  return out;
}

describe('learning agents: checkpoints', () => {
  let dir: string;
  before(async () => {
    await initBackend('cpu');
    dir = mkdtempSync(join(tmpdir(), 'edgellm-ckpt-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const agent of ['ppo', 't2drl'] as const) {
    it(`${agent}: a saved and reloaded checkpoint acts exactly like the trained network`, async () => {
      const t = new PPOTrainer(resolveTrainingConfig(agent, ENV, TINY));
      try {
        for (let i = 0; i < 3; i++) t.iterate();
        const path = join(dir, `${agent}.json`);
        writeCheckpoint(path, t.toCheckpoint('cpu'));
        assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
        const loaded = await loadLearnedAgent({ name: agent, checkpoint: path }, ctxFor());
        const fromTrainer = actions(
          new PolicyAgent({
            name: 'live',
            network: t.net.config,
            weights: t.net.readWeights(),
            head: t.head,
            obsNorm: t.obsNorm,
            observationSpace: make(ENV).observationSpace,
          }),
          6,
        );
        assert.deepEqual(actions(loaded, 6), fromTrainer);
        const ckpt = readCheckpoint(path);
        assert.equal(ckpt.agent, agent);
        assert.equal(ckpt.env.id, ENV);
        assert.equal(ckpt.versions.backend, 'cpu');
        assert.equal(ckpt.progress.iteration, 3);
        assert.equal(ckpt.curve.rows.length, 3);
        assert.deepEqual(curveFromJSON(ckpt.curve).map((r) => r.iteration), [1, 2, 3]);
        assert.ok(ckpt.optimizer.actor.step > 0 && Object.values(ckpt.optimizer.actor.moments).every((m) => m !== null));
      } finally {
        t.close();
      }
    });

    it(`${agent}: resuming from a checkpoint continues the same run`, () => {
      const strip = (t: PPOTrainer) => t.curve.map(({ seconds: _s, stepsPerSecond: _r, ...rest }) => rest);
      const straight = new PPOTrainer(resolveTrainingConfig(agent, ENV, TINY));
      const first = new PPOTrainer(resolveTrainingConfig(agent, ENV, TINY));
      let resumed: PPOTrainer | null = null;
      try {
        for (let i = 0; i < 4; i++) straight.iterate();
        for (let i = 0; i < 2; i++) first.iterate();
        const path = join(dir, `${agent}-resume.json`);
        writeCheckpoint(path, first.toCheckpoint('cpu'));
        resumed = PPOTrainer.fromCheckpoint(readCheckpoint(path), path);
        assert.equal(resumed.iteration, 2);
        for (let i = 0; i < 2; i++) resumed.iterate();
        assert.deepEqual(strip(resumed), strip(straight));
        const a = resumed.net.readWeights();
        const b = straight.net.readWeights();
        for (const name of Object.keys(b)) assert.deepEqual(Array.from(a[name]!), Array.from(b[name]!), name);
        assert.deepEqual(resumed.rng.state, straight.rng.state);
        assert.equal(resumed.actorOpt.steps, straight.actorOpt.steps);
      } finally {
        straight.close();
        first.close();
        resumed?.close();
      }
    });
  }

  it('the best checkpoint keeps the normalization statistics of its own iteration', () => {
    const t = new PPOTrainer(resolveTrainingConfig('ppo', ENV, { ...TINY, evalEvery: 1 }));
    try {
      t.iterate();
      const atBest = t.toCheckpoint('cpu', 'best');
      // a bandit policy is already optimal after one iteration, so later validations never beat it
      for (let i = 0; i < 3; i++) t.iterate();
      const best = t.toCheckpoint('cpu', 'best');
      const latest = t.toCheckpoint('cpu', 'latest');
      assert.equal(t.best!.iteration, 1);
      assert.deepEqual(best.normalization, atBest.normalization);
      assert.deepEqual(best.weights, atBest.weights);
      assert.ok(latest.normalization.obs.count > best.normalization.obs.count);
      assert.equal(best.progress.iteration, 4, 'optimizer and progress are the current ones');
    } finally {
      t.close();
    }
  });

  it('refuses a checkpoint made for another environment, configuration or space, naming the difference', async () => {
    const t = new PPOTrainer(resolveTrainingConfig('ppo', ENV, TINY));
    const path = join(dir, 'mismatch.json');
    try {
      t.iterate();
      writeCheckpoint(path, t.toCheckpoint('cpu'));
    } finally {
      t.close();
    }
    const refused = (re: RegExp) => (e: Error) => e instanceof InvalidArgument && re.test(e.message) && /train/.test(e.message);
    await assert.rejects(loadLearnedAgent({ name: 'ppo', checkpoint: path }, { ...ctxFor(), envId: 'EdgeLLM-v0' }), refused(/trained on test\/ContextBandit-v0, not EdgeLLM-v0/));
    await assert.rejects(loadLearnedAgent({ name: 'ppo', checkpoint: path }, { ...ctxFor(), envConfigHash: '0123456789abcdef' }), refused(/configuration/));
    await assert.rejects(loadLearnedAgent({ name: 'ppo', checkpoint: path }, { ...ctxFor(), actionSpace: new Discrete(4) }), refused(/action space/));
    // a run resumed on an environment whose configuration changed is refused too
    const ckpt = readCheckpoint(path);
    const changed = { ...ckpt, training: { ...ckpt.training, envKwargs: { length: 12 } } };
    assert.throws(() => PPOTrainer.fromCheckpoint(changed, 'changed.json'), refused(/configuration/));
  });

  it('refuses missing, damaged and foreign files with the path and what to do', () => {
    const good = readFileSync(join(dir, 'mismatch.json'), 'utf8');
    const write = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    assert.throws(() => readCheckpoint(join(dir, 'nope.json')), (e: Error) => e instanceof InvalidArgument && /Cannot read checkpoint .*nope\.json/.test(e.message));
    assert.throws(() => readCheckpoint(write('cut.json', good.slice(0, good.length / 2))), /not valid JSON/);
    assert.throws(() => readCheckpoint(write('other.json', '{"hello": 1}')), /not an edgellm-gym agent checkpoint/);
    assert.throws(() => readCheckpoint(write('v9.json', good.replace('"formatVersion":1', '"formatVersion":9'))), /format version 9/);
    const bad = JSON.parse(good);
    const first = Object.keys(bad.weights)[0];
    bad.weights[first].data = bad.weights[first].data.slice(8);
    const p = write('bytes.json', JSON.stringify(bad));
    return assert.rejects(loadLearnedAgent({ name: 'ppo', checkpoint: p }, ctxFor()), /damaged/);
  });
});
