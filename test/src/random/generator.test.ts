import { strict as assert } from 'node:assert';
import { Generator, MAX_SEED, checkSeed, entropySeed, lgamma, npRandom } from '../../../src/random/generator.ts';
import { messageOf } from '../helpers.ts';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

function stream(g: Generator, n: number): number[] {
  return Array.from({ length: n }, () => g.random());
}

function moments(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, variance };
}

describe('src/random/generator', () => {
  describe('seeding', () => {
    it('gives the same stream for the same seed and different streams for different seeds', () => {
      assert.deepEqual(stream(new Generator(42), 100), stream(new Generator(42), 100));
      assert.notDeepEqual(stream(new Generator(42), 5), stream(new Generator(43), 5));
      assert.notDeepEqual(stream(new Generator(0), 5), stream(new Generator(1), 5));
      // seeds that share their low 32 bits still differ
      assert.notDeepEqual(stream(new Generator(5), 5), stream(new Generator(5 + 2 ** 32), 5));
      assert.notDeepEqual(stream(new Generator(MAX_SEED), 5), stream(new Generator(MAX_SEED - 1), 5));
    });

    it('seeds from entropy when no seed is given', () => {
      const s = entropySeed();
      assert.ok(Number.isSafeInteger(s) && s >= 0);
      assert.notDeepEqual(stream(new Generator(), 4), stream(new Generator(), 4));
      const [g, seed] = npRandom();
      assert.ok(g instanceof Generator && Number.isSafeInteger(seed));
      const [g2, seed2] = npRandom(9);
      assert.equal(seed2, 9);
      assert.deepEqual(stream(g2, 5), stream(new Generator(9), 5));
    });

    it('rejects seeds that are not non-negative safe integers, naming the field', () => {
      for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, '3', null]) {
        assert.throws(() => checkSeed(bad), (e: Error) => e instanceof TypeError && /^seed must be a non-negative integer no larger than 9007199254740991, got /.test(e.message));
      }
      assert.match(messageOf(() => checkSeed(-2, 'reset seed')), /^reset seed must be .* got -2\. Pass an integer such as 42/);
      assert.equal(checkSeed(0), 0);
      assert.throws(() => new Generator(-1), TypeError);
      assert.throws(() => npRandom(0.5), TypeError);
    });
  });

  describe('state', () => {
    it('saves and restores the stream position, a pending normal spare included', () => {
      const g = new Generator(7);
      stream(g, 3);
      g.normal(); // leaves a spare normal behind
      const saved = g.state;
      assert.equal(saved.length, 5);
      const expected = [g.normal(), g.random(), g.integers(0, 1000), g.poisson(3)];
      const restored = Generator.fromState(saved);
      assert.deepEqual([restored.normal(), restored.random(), restored.integers(0, 1000), restored.poisson(3)], expected);
      g.setState(saved);
      assert.deepEqual([g.normal(), g.random(), g.integers(0, 1000), g.poisson(3)], expected);
    });

    it("draws the stream of pure-rand's xoroshiro128plus and uniformFloat64 from the same state", () => {
      for (const seed of [0, 1, 42, 2 ** 40 + 7, MAX_SEED]) {
        const g = new Generator(seed);
        const reference = xoroshiro128plusFromState(g.state.slice(0, 4));
        const expected = Array.from({ length: 1000 }, () => uniformFloat64(reference));
        assert.deepEqual(stream(g, 1000), expected);
        assert.deepEqual(g.state.slice(0, 4), reference.getState());
      }
      // a hand-checked first draw: seed 0's state words and their first 53-bit float
      const g = new Generator(0);
      assert.equal(g.random(), uniformFloat64(xoroshiro128plusFromState(new Generator(0).state.slice(0, 4))));
    });

    it('clones independently', () => {
      const g = new Generator(3);
      const c = g.clone();
      assert.deepEqual(stream(c, 10), stream(g, 10));
      stream(c, 1);
      assert.notDeepEqual(c.state, g.state);
      assert.match(messageOf(() => g.setState([1, 2, 3])), /Generator state must have 5 entries/);
    });
  });

  describe('distributions (seeded, so the tolerances are fixed facts)', () => {
    it('draws random() in [0, 1) and uniform(low, high) in [low, high)', () => {
      const g = new Generator(1);
      const xs = Array.from({ length: 20000 }, () => g.uniform(-2, 3));
      assert.ok(xs.every((x) => x >= -2 && x < 3));
      assert.ok(Math.abs(moments(xs).mean - 0.5) < 0.05);
      assert.ok(stream(g, 1000).every((x) => x >= 0 && x < 1));
    });

    it('draws integers(low, high) in [low, high) hitting every value', () => {
      const g = new Generator(2);
      const counts = new Map<number, number>();
      for (let i = 0; i < 7000; i++) {
        const v = g.integers(-3, 4);
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      assert.deepEqual([...counts.keys()].sort((a, b) => a - b), [-3, -2, -1, 0, 1, 2, 3]);
      for (const c of counts.values()) assert.ok(Math.abs(c - 1000) < 150, `count ${c}`);
      assert.equal(g.integers(5, 6), 5);
      assert.match(messageOf(() => g.integers(3, 3)), /integers\(low, high\) needs high > low, got low=3, high=3/);
    });

    it('draws normals with the requested mean and standard deviation', () => {
      const g = new Generator(3);
      const std = moments(Array.from({ length: 20000 }, () => g.normal()));
      assert.ok(Math.abs(std.mean) < 0.03 && Math.abs(Math.sqrt(std.variance) - 1) < 0.02, JSON.stringify(std));
      const shifted = moments(Array.from({ length: 20000 }, () => g.normal(3, 2)));
      assert.ok(Math.abs(shifted.mean - 3) < 0.05 && Math.abs(Math.sqrt(shifted.variance) - 2) < 0.04, JSON.stringify(shifted));
      assert.equal(g.normal(4, 0), 4);
      assert.match(messageOf(() => g.normal(0, -1)), /normal std must be a number ≥ 0; got -1/);
      assert.match(messageOf(() => g.normal(0, Number.NaN)), /got NaN/);
    });

    it('draws exponentials with the requested scale', () => {
      const g = new Generator(4);
      const e = moments(Array.from({ length: 20000 }, () => g.exponential(2)));
      assert.ok(Math.abs(e.mean - 2) < 0.06 && Math.abs(e.variance - 4) < 0.3, JSON.stringify(e));
      assert.equal(g.exponential(0), 0);
      assert.match(messageOf(() => g.exponential(-1)), /exponential scale must be a number ≥ 0; got -1/);
    });

    for (const lam of [0.7, 40]) {
      it(`draws Poisson(${lam}) with mean and variance ${lam}`, () => {
        const g = new Generator(5);
        const xs = Array.from({ length: 20000 }, () => g.poisson(lam));
        assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0));
        const m = moments(xs);
        // four standard errors of the mean; about 6% relative error for the variance
        assert.ok(Math.abs(m.mean - lam) < 4 * Math.sqrt(lam / xs.length), `mean ${m.mean}`);
        assert.ok(Math.abs(m.variance / lam - 1) < 0.06, `variance ${m.variance}`);
      });
    }

    it('poissonFill draws what poisson draws for each mean in turn, into out from offset', () => {
      const lam = Float64Array.of(0, 0.05, 0.7, 3, 9.99, 10, 40, 0.7);
      const a = new Generator(9);
      const b = new Generator(9);
      const out = new Float64Array(lam.length + 2).fill(-1);
      for (let round = 0; round < 50; round++) {
        const expected = Array.from(lam, (l) => a.poisson(l));
        b.poissonFill(lam, lam.map((l) => Math.exp(-l)), out, 2);
        assert.deepEqual([...out.subarray(2)], expected);
      }
      assert.deepEqual([...out.subarray(0, 2)], [-1, -1]);
      assert.throws(() => b.poissonFill(Float64Array.of(1, NaN), Float64Array.of(Math.exp(-1), 1), out, 0), /poisson lam must be a finite number ≥ 0; got NaN/);
      // the draws before the bad entry were made and the generator moved past them, as poisson(1) would
      a.poisson(1);
      assert.deepEqual(b.state, a.state);
    });

    it('matches the Poisson(0.7) probabilities of 0 and 1', () => {
      const g = new Generator(6);
      const xs = Array.from({ length: 20000 }, () => g.poisson(0.7));
      const p0 = xs.filter((x) => x === 0).length / xs.length;
      const p1 = xs.filter((x) => x === 1).length / xs.length;
      assert.ok(Math.abs(p0 - Math.exp(-0.7)) < 0.015, `P(0) = ${p0}`);
      assert.ok(Math.abs(p1 - 0.7 * Math.exp(-0.7)) < 0.015, `P(1) = ${p1}`);
    });

    it('returns 0 for lam = 0 and rejects lam < 0, NaN and infinity', () => {
      const g = new Generator(0);
      assert.equal(g.poisson(0), 0);
      for (const bad of [-0.5, Number.NaN, Infinity]) {
        assert.match(messageOf(() => g.poisson(bad)), /poisson lam must be a finite number ≥ 0; got /);
      }
    });

    it('shuffles and permutes', () => {
      const g = new Generator(8);
      const p = g.permutation(10);
      assert.deepEqual([...p].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      assert.notDeepEqual(p, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      const typed = g.shuffle(Int32Array.of(1, 2, 3, 4, 5, 6));
      assert.deepEqual([...typed].sort(), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(new Generator(8).permutation(10), p);
    });
  });

  it('computes log Γ', () => {
    assert.ok(Math.abs(lgamma(1)) < 1e-12);
    assert.ok(Math.abs(lgamma(2)) < 1e-12);
    assert.ok(Math.abs(lgamma(5) - Math.log(24)) < 1e-12);
    assert.ok(Math.abs(lgamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-12);
    assert.ok(Math.abs(lgamma(41) - 110.32063971475740) < 1e-9);
  });
});
