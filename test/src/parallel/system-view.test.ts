import { strict as assert } from 'node:assert';
import { checkEnv } from '../../../src/checker/env-checker.ts';
import { UnregisteredEnv } from '../../../src/core/errors.ts';
import { make } from '../../../src/registry/registry.ts';
import { isParallelEnvId, registerParallel } from '../../../src/parallel/parallel-registry.ts';
import { SingleAgentView } from '../../../src/parallel/single-agent-view.ts';
import { parallelIdOfView, registerSystemView, systemViewId } from '../../../src/parallel/system-view.ts';
import { ServersParallelEnv } from '../../fixtures/servers-parallel-env.ts';

describe('src/parallel/system-view', () => {
  before(() => {
    if (!isParallelEnvId('test/ViewServers-v0')) registerParallel({ id: 'test/ViewServers-v0', entryPoint: (kw) => new ServersParallelEnv(kw), kwargs: { horizon: 3 } });
    registerSystemView('test/ViewServers-v0');
  });

  it('names the view after the parallel id, before the version', () => {
    assert.equal(systemViewId('EdgeLLMMulti-v0'), 'EdgeLLMMulti-View-v0');
    assert.equal(systemViewId('EdgeLLMMulti-Large-v0'), 'EdgeLLMMulti-Large-View-v0');
    assert.equal(systemViewId('lab/Pair'), 'lab/Pair-View');
    assert.equal(parallelIdOfView('test/ViewServers-View-v0'), 'test/ViewServers-v0');
    assert.equal(parallelIdOfView('test/ViewServers-v0'), null);
  });

  it('makes the system as one env: the system reward, actions keyed by agent, the parallel config, the kwargs passed on', () => {
    const env = make('test/ViewServers-View-v0', { horizon: 2 });
    const view = env.unwrapped as SingleAgentView;
    assert.ok(view instanceof SingleAgentView);
    assert.deepEqual((view as unknown as { config: unknown }).config, { horizon: 2 });
    assert.deepEqual(env.observationSpace.shape, [12]);
    env.reset({ seed: 4 });
    const direct = new ServersParallelEnv({ horizon: 2 });
    direct.reset({ seed: 4 });
    const action = env.actionSpace.sample() as Record<string, never>;
    const [, reward, , truncated, info] = env.step(action);
    const [, , , , infos] = direct.step(action);
    assert.equal(reward, infos.es0!.systemReward);
    assert.equal(truncated, false);
    assert.deepEqual(Object.keys((info as { agents: object }).agents), ['es0', 'es1', 'es2']);
    assert.equal(env.step(env.actionSpace.sample())[3], true);
    assert.deepEqual(checkEnv(view).warnings, []);
  });

  it('refuses an id that is not a registered parallel environment', () => {
    assert.throws(() => registerSystemView('test/NoSuch-v0'), UnregisteredEnv);
  });
});
