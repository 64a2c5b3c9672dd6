import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EdgeLLMEnv, type EdgeLLMStepInfo } from '../../../envs/edge-llm/edge-llm-env.ts';
import { TRACE_SCENARIOS } from '../../../envs/edge-llm/trace-scenarios.ts';
import { assignPairs } from '../../../envs/edge-llm/trace-workload.ts';
import { InvalidArgument, InvalidConfig } from '../../../src/core/errors.ts';
import { make } from '../../../src/registry/registry.ts';
import '../../../envs/index.ts';

const window = (info: Record<string, unknown>) => info.traceWindow as { start: number; end: number; split: string };

describe('envs/edge-llm/trace-workload', () => {
  it('serves a hand-made trace: arrivals per slot, prompt and output tokens per request', () => {
    // 1 agent × 1 model; slots of 1 s; 5 s of trace, horizon 1, trainFraction 0.6 → train [0, 3], eval [3, 5]
    const requests = [
      { timestamp: 0, contextTokens: 100, generatedTokens: 10 },
      { timestamp: 3.2, contextTokens: 300, generatedTokens: 20 },
      { timestamp: 3.7, contextTokens: 500, generatedTokens: 30 },
      { timestamp: 5, contextTokens: 1, generatedTokens: 1 },
    ];
    const env = new EdgeLLMEnv({
      agents: 1,
      models: [{ name: 'lamda-137b', paramsB: 137, bytesPerParam: 1, contextWindow: 100000 }],
      horizon: 1,
      paths: 2,
      thoughtTokens: 10,
      workload: { kind: 'trace', requests, timeScale: 1, trainFraction: 0.6, split: 'eval' },
    });
    // eval windows start in [3, 4]; find a seed whose window [start, start + 1) holds the requests at 3.2 and 3.7
    let seed = 0;
    for (; seed < 100; seed++) {
      const [, info] = env.reset({ seed });
      const w = window(info);
      assert.equal(w.split, 'eval');
      assert.ok(w.start >= 3 && w.end <= 5 + 1e-9);
      if (w.start <= 3.2) break;
    }
    const [, , , truncated, stepInfo] = env.step({ cache: [1], local: [1] });
    const info = stepInfo as EdgeLLMStepInfo;
    assert.equal(info.requests, 2);
    // communication: 1e-4 per prompt token × (300 + 500); tokens: 2 paths × (20 + 30) = 100, κ = 100/10 − 1 = 9
    assert.ok(Math.abs(info.costs.communication - 1e-4 * 800) < 1e-12);
    const computation = (0.1 * 100 * 2 * 137e9) / (16 * 312e12);
    assert.ok(Math.abs(info.costs.computation - computation) < 1e-15);
    const accuracy = (2.5 * (1 - env.config.alpha[0]!) * 2) / (9 * Math.log(7 / 3));
    assert.ok(Math.abs(info.costs.accuracy - accuracy) < 1e-12);
    assert.ok(Math.abs(info.energyUsed - 100 * env.config.energyPerToken[0]!) < 1e-9);
    assert.equal(truncated, true);
  });

  it('cuts training episodes from the first part and held-out ones (seeds ≥ 10000) from the last, in time', () => {
    const env = make('EdgeLLM-AzureConv-v0').unwrapped as EdgeLLMEnv;
    let trainEnd = 0;
    let evalStart = Infinity;
    for (let k = 0; k < 40; k++) {
      const tr = window(env.reset({ seed: k })[1]);
      const ev = window(env.reset({ seed: 10000 + k })[1]);
      assert.equal(tr.split, 'train');
      assert.equal(ev.split, 'eval');
      trainEnd = Math.max(trainEnd, tr.end);
      evalStart = Math.min(evalStart, ev.start);
    }
    const span = 3502; // about: the conversation trace spans 3,502 s
    assert.ok(trainEnd <= evalStart, `train windows end at ${trainEnd}, eval windows start at ${evalStart}`);
    assert.ok(Math.abs(evalStart - 0.8 * span) < 100, `eval windows start near 80% of the trace: ${evalStart}`);
    // the reset option overrides the seed's part; an unseeded reset keeps the last seed's part
    assert.equal(window(env.reset({ seed: 10000, options: { split: 'train' } })[1]).split, 'train');
    assert.equal(window(env.reset({ seed: 1, options: { split: 'eval' } })[1]).split, 'eval');
    assert.equal(window(env.reset({ seed: 10001 })[1]).split, 'eval');
    assert.equal(window(env.reset()[1]).split, 'eval');
    assert.throws(() => env.reset({ options: { split: 'test' } }), InvalidArgument);
    assert.throws(() => new EdgeLLMEnv().reset({ options: { split: 'eval' } }), /split is for trace workloads/);
  });

  it('drops nothing: an episode serves exactly the trace rows inside its window', () => {
    const requests = Array.from({ length: 400 }, (_, n) => ({ timestamp: n * 0.37, contextTokens: n, generatedTokens: 1 }));
    const env = new EdgeLLMEnv({ horizon: 10, workload: { kind: 'trace', requests, timeScale: 2, split: 'train' } as never });
    for (let seed = 0; seed < 5; seed++) {
      const [, info] = env.reset({ seed });
      const w = window(info);
      const inside = requests.filter((r) => r.timestamp >= w.start && r.timestamp < w.end).length;
      assert.ok(inside >= 50);
      let total = 0;
      for (let t = 0; t < 10; t++) total += (env.step({ cache: new Int8Array(20), local: new Float32Array(20) })[4] as EdgeLLMStepInfo).requests;
      assert.equal(total, inside);
    }
  });

  it('assigns requests to pairs by a seed-independent rule that follows the rates and the model mix', () => {
    const pair = assignPairs(20000, [1, 3], [0.7, 0.3, 0.3, 0.7], 2);
    assert.deepEqual(Array.from(assignPairs(20000, [1, 3], [0.7, 0.3, 0.3, 0.7], 2)), Array.from(pair));
    const counts = [0, 0, 0, 0];
    for (const p of pair) counts[p]!++;
    const share = counts.map((c) => c / 20000);
    [0.25 * 0.7, 0.25 * 0.3, 0.75 * 0.3, 0.75 * 0.7].forEach((want, p) => assert.ok(Math.abs(share[p]! - want) < 0.015, `pair ${p}: ${share[p]}`));
  });

  it('refuses a trace shorter than an episode and a workload naming no trace or two', () => {
    const requests = [
      { timestamp: 0, contextTokens: 1, generatedTokens: 1 },
      { timestamp: 100, contextTokens: 1, generatedTokens: 1 },
    ];
    assert.throws(
      () => new EdgeLLMEnv({ workload: { kind: 'trace', requests, timeScale: 1 } as never }),
      (e: unknown) => e instanceof InvalidConfig && /shorter than an episode: its training part spans 80\.0 s but an episode needs horizon × timeScale = 100 × 1 = 100 s/.test((e as Error).message),
    );
    assert.throws(() => new EdgeLLMEnv({ workload: { kind: 'trace', timeScale: 1 } as never }), /exactly one of file, dataset or requests; got none/);
    assert.throws(() => new EdgeLLMEnv({ workload: { kind: 'trace', dataset: 'azure-code', requests } as never }), /got dataset and requests/);
    assert.throws(() => new EdgeLLMEnv({ workload: { kind: 'trace', dataset: 'azure-chat' } as never }), InvalidConfig);
  });

  it('replays the same requests for the same seed under any policy (arrivals do not depend on actions)', () => {
    for (const id of Object.keys(TRACE_SCENARIOS)) {
      const env = make(id);
      const run = (cache: number) => {
        env.reset({ seed: 10003 });
        const reqs: number[] = [];
        for (let t = 0; t < 100; t++) reqs.push(env.step({ cache: new Int8Array(20).fill(cache), local: new Float32Array(20).fill(cache) })[4].requests as number);
        return reqs;
      };
      assert.deepEqual(run(0), run(1));
    }
  });

  it('takes a user trace file from the command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-cli-'));
    try {
      const rows = Array.from({ length: 300 }, (_, n) => `${n * 0.5},${100 + n},${10 + (n % 7)}`);
      writeFileSync(join(dir, 'mine.csv'), 'TIMESTAMP,ContextTokens,GeneratedTokens\n' + rows.join('\n') + '\n');
      const root = fileURLToPath(new URL('../../../', import.meta.url));
      const config = JSON.stringify({ horizon: 10, workload: { kind: 'trace', file: join(dir, 'mine.csv'), timeScale: 1 } });
      const out = execFileSync(process.execPath, [join(root, 'bin', 'edgellm-gym.js'), 'eval', '--agent', 'cloud', '--env', 'EdgeLLM-v0', '--config', config, '--episodes', '2', '--json'], { encoding: 'utf8', stdio: 'pipe' });
      const result = JSON.parse(out) as { meanCost: number; episodes: { meanCost: number }[] };
      // cloud-only: 7.5e-3 × 10 paths per request, 2 requests per 1-s slot
      assert.ok(Math.abs(result.meanCost - 0.15) < 0.016, `mean cost ${result.meanCost}`);
      writeFileSync(join(dir, 'bad.csv'), 'TIMESTAMP,ContextTokens,GeneratedTokens\n0,1,1\n1,x,1\n');
      const bad = JSON.stringify({ workload: { kind: 'trace', file: join(dir, 'bad.csv') } });
      assert.throws(
        () => execFileSync(process.execPath, [join(root, 'bin', 'edgellm-gym.js'), 'eval', '--agent', 'cloud', '--config', bad], { encoding: 'utf8', stdio: 'pipe' }),
        (e: unknown) => /bad\.csv line 3: ContextTokens must be a non-negative integer/.test(String((e as { stderr: string }).stderr)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
