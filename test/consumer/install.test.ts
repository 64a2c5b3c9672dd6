import { strict as assert } from 'node:assert';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The package as its users get it: `npm pack` (which builds `dist/`), the tarball installed into fresh
 * projects — plain-JavaScript ESM, CommonJS and strict NodeNext TypeScript — and used there with plain
 * `node`, `tsc`, `npx edgellm-gym` and the Python client installed from the package.
 *
 * To run offline and in bounded time, each project gets the tarball the way npm installs one (unpacked
 * into `node_modules/edgellm-gym`, its `bin` linked into `node_modules/.bin`) and the dependencies the
 * tarball's package.json declares, linked from this checkout's `node_modules` (only those: an undeclared
 * dependency fails to resolve).
 */
const ROOT = process.cwd();
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

function readmeTenLines(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /## Ten lines\s+```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README has a "Ten lines" TypeScript block');
  return block[1]!;
}

/** The first TypeScript block after the line that starts with `lead` in the README. */
function readmeBlock(lead: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(lead);
  assert.ok(at >= 0, `the README has "${lead}"`);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `a TypeScript block follows "${lead}"`);
  return block[1]!;
}

function checkMeanCost(out: string): void {
  const m = /mean cost per slot (\S+)/.exec(out);
  assert.ok(m, `prints the mean cost (got: ${out})`);
  assert.ok(Number(m[1]) > 0 && Number(m[1]) < 5, `a plausible mean cost, got ${m[1]}`);
}

/** Installs the unpacked package into `project` (see the note at the top). */
function install(project: string, unpacked: string): void {
  const modules = join(project, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  execFileSync('cp', ['-R', unpacked, join(modules, PKG.name)]);
  const manifest = JSON.parse(readFileSync(join(modules, PKG.name, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    bin: Record<string, string>;
  };
  for (const dep of Object.keys(manifest.dependencies)) {
    const from = join(ROOT, 'node_modules', dep);
    assert.ok(existsSync(from), `dependency ${dep} is installed in the checkout`);
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(from, join(modules, dep), 'dir');
  }
  for (const [name, file] of Object.entries(manifest.bin)) {
    const target = join(modules, PKG.name, file);
    chmodSync(target, 0o755);
    symlinkSync(join('..', PKG.name, file), join(modules, '.bin', name));
  }
}

function node(project: string, args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the installed package (npm pack, installed into fresh projects)', function () {
  let work: string;
  let unpacked: string;
  let files: string[];

  before(function () {
    this.timeout(300_000);
    work = mkdtempSync(join(tmpdir(), 'edgellm-consumer-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
    ) as { filename: string; files: { path: string }[] }[];
    files = packed[0]!.files.map((f) => f.path);
    execFileSync('tar', ['-xzf', join(work, packed[0]!.filename), '-C', work]);
    unpacked = join(work, 'package');
  });

  after(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('ships the compiled package and its runtime files, and no tests or TypeScript loader', () => {
    for (const f of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/index.d.ts.map', 'dist/src/index.js.map', 'dist/src/cli/bin.js', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(f), `the tarball has ${f}`);
    }
    for (const f of ['agents/checkpoints/ppo-EdgeLLM-v0-s42.json', 'bridge/client/socket-worker.mjs', 'bridge/server/server-thread-boot.mjs', 'bridge/python/pyproject.toml']) {
      assert.ok(files.includes(f), `the tarball has the runtime file ${f}`);
    }
    assert.deepEqual(files.filter((f) => f.startsWith('test/') || /\.test\.[jt]s$/.test(f)), [], 'no test files');
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(manifest.dependencies.tsx, undefined, 'tsx is not a runtime dependency');
  });

  it('plain JavaScript (ESM): the README example runs, and the import loads no heavy library', function () {
    this.timeout(120_000);
    const project = join(work, 'esm');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer-esm', private: true, type: 'module' }));
    install(project, unpacked);
    writeFileSync(join(project, 'example.js'), readmeTenLines());
    checkMeanCost(node(project, ['example.js']));
    // The README's registry example: the two-thread batch env and makeVecAsync start worker threads from the
    // compiled package; the split env's observations equal those of one thread for the same seeds.
    writeFileSync(join(project, 'registry.js'), `${readmeBlock('Registered scenarios are made by id')}
const [asyncObs] = generic.reset({ seed: 0 });
const [splitObs] = split.reset({ seed: 0 });
const one = makeVec('EdgeLLM-v0', 64);
const [oneObs] = one.reset({ seed: 0 });
const action = one.actionSpace.sample();
const [splitNext] = split.step(action);
const [oneNext] = one.step(action);
const same = splitNext.length === oneNext.length && splitNext.every((x, i) => x === oneNext[i]) && splitObs.every((x, i) => x === oneObs[i]);
console.log(JSON.stringify({ sync: batchObs.length, async: asyncObs.length, split: splitObs.length, workers: split.workers, same, infos: Array.isArray(infos) || typeof infos === 'object', id: env.spec?.id }));
generic.close();
split.close();
one.close();
envs.close();
`);
    const vec = JSON.parse(node(project, ['registry.js'])) as { sync: number; async: number; split: number; workers: number; same: boolean };
    assert.ok(vec.sync > 0 && vec.async === vec.sync * 8, `async vector of 64 envs has 8× the sync vector's observation (got ${JSON.stringify(vec)})`);
    assert.equal(vec.split, vec.async, 'the two-thread batch env has 64 observations');
    assert.equal(vec.workers, 2, 'the batch is split over two threads');
    assert.ok(vec.same, 'two threads step the same trajectory as one');
    // A learning agent from its shipped checkpoint.
    writeFileSync(
      join(project, 'agent.js'),
      `import { make } from 'edgellm-gym';
import { createAgent, runEpisode } from 'edgellm-gym/agents';
const env = make('EdgeLLM-v0');
const agent = await createAgent('ppo', { envId: 'EdgeLLM-v0', observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 1 });
console.log(JSON.stringify(runEpisode(env, agent, 10000)));
`,
    );
    const episode = JSON.parse(node(project, ['agent.js'])) as { length: number; meanCost: number; seed: number };
    assert.equal(episode.seed, 10000);
    assert.equal(episode.length, 100, 'the ppo agent plays a whole 100-slot episode');
    assert.ok(Number.isFinite(episode.meanCost) && episode.meanCost > 0, `a finite mean cost, got ${episode.meanCost}`);
    // The entry points and their subpaths resolve; importing the root to make an env loads none of these.
    writeFileSync(
      join(project, 'light.js'),
      `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const seen = new Set();
port1.on('message', (s) => seen.add(s));
register('data:text/javascript,' + encodeURIComponent("let p; export function initialize(d) { p = d.port; } export async function resolve(s, c, next) { if (!s.startsWith('.') && !s.startsWith('node:') && !s.startsWith('file:') && !s.startsWith('data:')) p.postMessage(s); return next(s, c); }"), { data: { port: port2 }, transferList: [port2] });
const { EdgeLLMEnv } = await import('edgellm-gym');
new EdgeLLMEnv().reset({ seed: 1 });
await new Promise((r) => setTimeout(r, 100));
port1.close();
const { createRequire } = await import('node:module');
const required = Object.keys(createRequire(import.meta.url).cache).map((k) => k.split('node_modules/').pop().split('/').slice(0, 2).join('/'));
const sub = await Promise.all(['edgellm-gym/envs', 'edgellm-gym/agents', 'edgellm-gym/bridge'].map((s) => import(s)));
console.log(JSON.stringify({ bare: [...seen, ...required], subpaths: sub.map((m) => Object.keys(m).length) }));
`,
    );
    const out = JSON.parse(node(project, ['light.js'])) as { bare: string[]; subpaths: number[] };
    const heavy = [...new Set(out.bare.filter((s) => /^(@tensorflow\/|vega|ws($|\/)|msgpackr|commander|cli-progress|ajv|csv-parse)/.test(s)))];
    assert.deepEqual(heavy, [], `importing the package loaded ${heavy.join(', ')}`);
    assert.ok(out.bare.includes('edgellm-gym'));
    for (const n of out.subpaths) assert.ok(n > 5, 'every subpath exports its API');
  });

  it('CommonJS: require() of the package runs the README example', function () {
    this.timeout(120_000);
    const project = join(work, 'cjs');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer-cjs', private: true, type: 'commonjs' }));
    install(project, unpacked);
    const code = readmeTenLines().replace("import { EdgeLLMEnv } from 'edgellm-gym';", "const { EdgeLLMEnv } = require('edgellm-gym');");
    assert.notEqual(code, readmeTenLines(), 'the example imports EdgeLLMEnv from edgellm-gym');
    writeFileSync(join(project, 'example.js'), code);
    checkMeanCost(node(project, ['example.js']));
    writeFileSync(join(project, 'version.js'), "console.log(require('edgellm-gym/package.json').version);");
    assert.equal(node(project, ['version.js']).trim(), PKG.version);
  });

  it('strict NodeNext TypeScript: tsc reports 0 errors on the README example and the subpath imports', function () {
    this.timeout(180_000);
    const project = join(work, 'ts');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer-ts', private: true, type: 'module' }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
        include: ['*.ts'],
      }),
    );
    install(project, unpacked);
    writeFileSync(join(project, 'example.ts'), readmeTenLines());
    writeFileSync(
      join(project, 'subpaths.ts'),
      `import { make, Discrete, type Env } from 'edgellm-gym';
import { EdgeLLMEnv, DDAMarketEnv, type EdgeLLMConfig } from 'edgellm-gym/envs';
import { createAgent, evaluateAgent, type Agent } from 'edgellm-gym/agents';
import { RemoteEnv, startServer, type ServerOptions } from 'edgellm-gym/bridge';

const config: Partial<EdgeLLMConfig> = { agents: 4 };
const env: Env<Float32Array, unknown> = new EdgeLLMEnv(config);
const market = new DDAMarketEnv();
const space = new Discrete(3);
const n: number = space.sample();
const options: ServerOptions = { port: 0 };
export async function run(): Promise<number> {
  const agent: Agent<any, any> = await createAgent('cloud', { envId: 'EdgeLLM-v0', observationSpace: env.observationSpace, actionSpace: env.actionSpace });
  const result = evaluateAgent(make('EdgeLLM-v0'), agent, { episodes: 1 });
  const server = await startServer(options);
  const remote = RemoteEnv.open(server.url, 'EdgeLLM-v0');
  remote.close();
  await server.close();
  market.close();
  return n + result.episodes.length;
}
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 0, `tsc found errors:\n${r.stdout}${r.stderr}`);
  });

  describe('the command and the Python client', () => {
    let project: string;
    let server: ChildProcess | undefined;

    before(function () {
      project = join(work, 'cli');
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer-cli', private: true }));
      install(project, unpacked);
    });
    after(() => {
      if (server?.pid !== undefined) process.kill(-server.pid, 'SIGTERM'); // npx and the server under it
    });

    it('npx edgellm-gym --help and --version run from the installed package', function () {
      this.timeout(120_000);
      const help = execFileSync('npx', ['--offline', '--no-install', 'edgellm-gym', '--help'], { cwd: project, encoding: 'utf8' });
      assert.match(help, /Usage: edgellm-gym/);
      assert.match(help, /serve/);
      const version = execFileSync('npx', ['--offline', '--no-install', 'edgellm-gym', '--version'], { cwd: project, encoding: 'utf8' });
      assert.equal(version.trim(), PKG.version);
    });

    // t2drl on cpu; ppo on wasm, where its rollouts run batched on prepared weights and the learner thread
    // takes the critic's Adam steps
    for (const [agent, backend] of [['t2drl', 'cpu'], ['ppo', 'wasm']] as const) {
      it(`npx edgellm-gym train runs its learner thread from the installed package, with the same result as one thread (${agent}, ${backend})`, function () {
        this.timeout(240_000);
        const run = (threads: number) => {
          const out = join(project, `run-${agent}-${threads}`);
          const config = JSON.stringify({ numEnvs: 4, ppo: { rolloutSteps: 80, batchSize: 16, epochs: 2 }, evalEpisodes: 0 });
          const args = ['--offline', '--no-install', 'edgellm-gym', 'train', '--agent', agent, '--env', 'EdgeLLM-v0', '--steps', '160', '--seed', '3'];
          execFileSync('npx', [...args, '--out', out, '--backend', backend, '--learner-threads', String(threads), '--config', config, '--json'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          const summary = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { learnerThreads: number; iterations: number };
          const weights = (JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')) as { weights: unknown }).weights;
          return { summary, weights };
        };
        const two = run(2);
        const one = run(1);
        assert.equal(two.summary.learnerThreads, 2);
        assert.equal(two.summary.iterations, 2);
        assert.deepEqual(two.weights, one.weights, 'one thread and two train the same weights');
      });
    }

    it('npx edgellm-gym serve, and the Python client installed from the package steps an env', async function () {
      this.timeout(300_000);
      const venv = join(work, 'venv');
      const made = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' });
      if (made.status !== 0) {
        console.log(`      skipping the Python step: python3 -m venv failed (${(made.stderr ?? String(made.error)).trim().split('\n').pop()})`);
        this.skip();
      }
      const python = join(venv, 'bin', 'python');
      // With the `gymnasium` extra: the client as RL users install it (and a test of the extras).
      const pip = spawnSync(python, ['-m', 'pip', 'install', '--quiet', `${join(project, 'node_modules', PKG.name, 'bridge', 'python')}[gymnasium]`], { encoding: 'utf8' });
      if (pip.status !== 0) {
        console.log(`      skipping the Python step: pip could not install the client or its dependencies (msgpack, websocket-client, numpy, gymnasium): ${pip.stderr.trim().split('\n').pop()}`);
        this.skip();
      }
      const child = spawn('npx', ['--offline', '--no-install', 'edgellm-gym', 'serve', '--port', '0', '--log', 'warn'], {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      server = child;
      const url = await new Promise<string>((resolveUrl, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s (output: ${out})`)), 60_000);
        const onData = (d: Buffer) => {
          out += d.toString();
          const m = /listening on (ws:\/\/\S+?)[;\s]/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolveUrl(m[1]!);
          }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData); // the CLI prints where it listens on standard error
        child.on('exit', (code) => reject(new Error(`the server exited with code ${code} (output: ${out})`)));
      });
      try {
        const script = `
import json, sys, numpy as np, edgellm_bridge
from edgellm_bridge import RemoteEnv
env = RemoteEnv(sys.argv[1], "EdgeLLM-v0")
obs, info = env.reset(seed=42)
total = 0.0
for t in range(5):
    obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
    total += float(reward)
env.close()
import gymnasium
assert isinstance(env, gymnasium.Env)
print(json.dumps({"version": edgellm_bridge.__version__, "obs": int(np.asarray(obs).size), "total": total}))
`;
        const r = spawnSync(python, ['-c', script, url], { encoding: 'utf8', timeout: 120_000 });
        assert.equal(r.status, 0, `the Python client failed:\n${r.stdout}${r.stderr}`);
        const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { version: string; obs: number; total: number };
        assert.equal(out.version, PKG.version, 'the Python client carries the npm package version');
        assert.ok(out.obs > 0);
        assert.ok(Number.isFinite(out.total) && out.total < 0, `five steps cost something (total reward ${out.total})`);
      } finally {
        process.kill(-child.pid!, 'SIGTERM');
        server = undefined;
      }
    });
  });
});
