import { strict as assert } from 'node:assert';
import { collectWarnings, setQuiet, warn } from '../../../src/core/logger.ts';

/** Runs `fn` capturing what it writes to stderr. */
function captureStderr(fn: () => void): string {
  const original = process.stderr.write;
  let out = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = original;
  }
  return out;
}

describe('src/core/logger', () => {
  it('collects warnings instead of printing them, returning the result', () => {
    const printed = captureStderr(() => {
      const [result, warnings] = collectWarnings(() => {
        warn('first');
        warn('first');
        warn('second');
        return 42;
      });
      assert.equal(result, 42);
      assert.deepEqual(warnings, ['first', 'first', 'second']);
    });
    assert.equal(printed, '');
  });

  it('gives warnings to the innermost collector only', () => {
    const [inner, outer] = collectWarnings(() => {
      warn('outer one');
      const [, w] = collectWarnings(() => warn('inner one'));
      return w;
    });
    assert.deepEqual(inner, ['inner one']);
    assert.deepEqual(outer, ['outer one']);
  });

  it('stops collecting when the function throws', () => {
    assert.throws(() => collectWarnings(() => {
      throw new Error('boom');
    }), /boom/);
    const before = setQuiet(false);
    try {
      const printed = captureStderr(() => warn('logger test: after a throw'));
      assert.equal(printed, 'WARN: logger test: after a throw\n');
    } finally {
      setQuiet(before);
    }
  });

  it('prints each distinct message once to stderr, unless quiet', () => {
    const before = setQuiet(false);
    try {
      const printed = captureStderr(() => {
        warn('logger test: once');
        warn('logger test: once');
      });
      assert.equal(printed, 'WARN: logger test: once\n');
      setQuiet(true);
      assert.equal(captureStderr(() => warn('logger test: quiet')), '');
      const [, seen] = collectWarnings(() => warn('logger test: quiet but collected'));
      assert.deepEqual(seen, ['logger test: quiet but collected']);
    } finally {
      setQuiet(before);
    }
  });
});
