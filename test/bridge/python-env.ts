/**
 * The Python interpreter of the bridge's Python tests: the checkout's `.venv` (git-ignored) with real
 * gymnasium, numpy, msgpack and websocket-client, created here with `python3 -m venv` and pip (from the
 * machine's configured package index) when it does not exist yet; `EDGELLM_PYTHON` overrides it. When
 * the virtualenv cannot be made, `/usr/bin/python3` is used if it has the client's own dependencies, and
 * the gymnasium tests run against the stand-in package (the caller says so).
 */
import { existsSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the Python tests run with. */
export interface PythonForTests {
  /** The interpreter, or `null` when none has the client's dependencies. */
  python: string | null;
  /** gymnasium's version in it, or `null` (then the stand-in is used). */
  gymnasium: string | null;
  /** Why the virtualenv or gymnasium is missing (empty when everything is there). */
  note: string;
}

/** The checkout's virtualenv folder. */
export const VENV_DIR = fileURLToPath(new URL('../../.venv/', import.meta.url));
const VENV_PYTHON = `${VENV_DIR}bin/python`;
const PACKAGES = ['gymnasium==1.3.0', 'numpy', 'msgpack', 'websocket-client'];

function probe(python: string): { deps: boolean; gymnasium: string | null; error: string } {
  const r = spawnSync(python, ['-c', 'import msgpack, websocket, numpy\ntry:\n import gymnasium; print(gymnasium.__version__)\nexcept ImportError:\n print("")'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error !== undefined) return { deps: false, gymnasium: null, error: r.error.message };
  if (r.status !== 0) return { deps: false, gymnasium: null, error: r.stderr.trim().split('\n').slice(-1)[0] ?? '' };
  const v = r.stdout.trim();
  return { deps: true, gymnasium: v === '' ? null : v, error: '' };
}

function createVenv(): string {
  if (!existsSync(VENV_PYTHON)) {
    const r = spawnSync('python3', ['-m', 'venv', VENV_DIR], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) return `python3 -m venv failed: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0]}`;
  }
  const r = spawnSync(VENV_PYTHON, ['-m', 'pip', 'install', '-q', '--retries', '0', '--timeout', '10', ...PACKAGES], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) return `pip could not install ${PACKAGES.join(' ')}: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-1)[0]}`;
  return '';
}

let cached: PythonForTests | null = null;

/** Finds (or makes) the interpreter of the Python tests; the result is cached for the process. */
export function pythonForTests(): PythonForTests {
  if (cached !== null) return cached;
  const override = process.env.EDGELLM_PYTHON;
  if (override !== undefined && override !== '') {
    const p = probe(override);
    cached = p.deps ? { python: override, gymnasium: p.gymnasium, note: p.gymnasium === null ? `${override} has no gymnasium` : '' } : { python: null, gymnasium: null, note: `${override}: ${p.error}` };
    return cached;
  }
  let venv = existsSync(VENV_PYTHON) ? probe(VENV_PYTHON) : null;
  let note = '';
  if (venv === null || !venv.deps || venv.gymnasium === null) {
    note = createVenv();
    venv = probe(VENV_PYTHON);
  }
  if (venv.deps && venv.gymnasium !== null) {
    cached = { python: VENV_PYTHON, gymnasium: venv.gymnasium, note: '' };
    return cached;
  }
  const system = probe('/usr/bin/python3');
  const why = `the virtualenv ${VENV_DIR} could not be made with gymnasium (${note || venv.error || 'gymnasium missing'})`;
  cached = system.deps
    ? { python: '/usr/bin/python3', gymnasium: system.gymnasium, note: system.gymnasium === null ? `${why}; using /usr/bin/python3 with the stand-in gymnasium` : why }
    : { python: null, gymnasium: null, note: `${why}, and /usr/bin/python3 lacks msgpack/websocket-client/numpy (${system.error})` };
  return cached;
}

/**
 * Runs `python -m unittest discover -s <suite>` in the Python package folder `cwd` with `env` added to this
 * process's environment (bytecode writing off); resolves with the exit code and the merged output.
 */
export async function runUnittestSuite(python: string, cwd: string, suite: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(python, ['-m', 'unittest', 'discover', '-s', suite, '-t', '.', '-v'], {
    cwd,
    env: { ...process.env, PYTHONPATH: cwd, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}
