/**
 * `Dict`: a named product of spaces.
 * @module
 */
import { Space } from './space.ts';
import type { SpaceJSON } from './space-json.ts';
import { type ExplainOptions, NO_OPTIONS, describeMember } from './membership.ts';

/** The element type of a Dict whose subspaces are `S`. */
export type DictValue<S extends Record<string, Space<unknown>>> = { [K in keyof S]: S[K] extends Space<infer T> ? T : never };

/**
 * A dictionary of named subspaces, as Gymnasium's `Dict` built from a mapping: keys are kept sorted,
 * which fixes the order of sampling, seeding and flattening. Elements are plain objects.
 *
 * @example
 * ```ts
 * const s = new Dict({ cache: new MultiBinary(4), local: new Box(0, 1, [4]) });
 * s.seed(7);
 * const x = s.sample(); // { cache: Int8Array(4), local: Float32Array(4) }
 * s.contains(x);        // true
 * ```
 */
export class Dict<S extends Record<string, Space<unknown>> = Record<string, Space<unknown>>> extends Space<DictValue<S>> {
  /** Subspaces by key, keys sorted. */
  readonly spaces: Readonly<S>;
  /** Keys in sorted order. */
  readonly keys: readonly string[];

  constructor(spaces: S, seed?: number | Record<string, number>) {
    const keys = Object.keys(spaces).sort();
    for (const k of keys) {
      if (!(spaces[k] instanceof Space)) throw new TypeError(`Dict entry '${k}' must be a Space; got ${String(spaces[k])}.`);
    }
    super(null, null);
    const sorted = {} as S;
    for (const k of keys) (sorted as Record<string, Space<unknown>>)[k] = spaces[k]!;
    this.spaces = Object.freeze(sorted);
    this.keys = Object.freeze(keys);
    if (seed !== undefined) this.seed(seed);
  }

  override get isFlattenable(): boolean {
    return this.keys.every((k) => this.spaces[k]!.isFlattenable);
  }

  /**
   * Seeds this space and its subspaces. A number seeds this space, whose generator then draws one seed
   * per subspace (in key order); an object gives each subspace its own seed.
   */
  override seed(seed?: number | Record<string, number>): number[] {
    if (seed !== null && typeof seed === 'object') {
      const missing = this.keys.filter((k) => !(k in seed));
      const extra = Object.keys(seed).filter((k) => !(k in this.spaces));
      if (missing.length > 0 || extra.length > 0) {
        throw new TypeError(
          `Dict.seed object must have exactly the space's keys (${this.keys.join(', ')})` +
            (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
            (extra.length > 0 ? `; unknown: ${extra.join(', ')}` : '') +
            '.',
        );
      }
      const used = super.seed();
      for (const k of this.keys) used.push(...this.spaces[k]!.seed(seed[k]));
      return used;
    }
    const used = super.seed(seed);
    for (const k of this.keys) used.push(...this.spaces[k]!.seed(this.npRandom.integers(0, 2 ** 31 - 1)));
    return used;
  }

  /**
   * Draws an element; `mask` may give a mask per key (keys left out are sampled freely).
   * @throws {RangeError} when `mask` names a key the space does not have.
   */
  override sample(mask?: Partial<Record<keyof S, unknown>>): DictValue<S> {
    if (mask !== undefined && mask !== null) {
      const unknown = Object.keys(mask).filter((k) => !(k in this.spaces));
      if (unknown.length > 0) {
        throw new RangeError(`Dict.sample mask has keys the space does not have: ${unknown.join(', ')}; keys are ${this.keys.join(', ')}.`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of this.keys) out[k] = this.spaces[k]!.sample(mask?.[k]);
    return out as DictValue<S>;
  }

  override contains(x: unknown): x is DictValue<S> {
    if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
    const xk = Object.keys(x);
    if (xk.length !== this.keys.length) return false;
    for (const k of this.keys) {
      if (!(k in x) || !this.spaces[k]!.contains((x as Record<string, unknown>)[k])) return false;
    }
    return true;
  }

  override explain(x: unknown, path = 'x', options: ExplainOptions = NO_OPTIONS): string | null {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) {
      return `${path} must be a map with keys ${this.keys.join(', ')}; got ${describeMember(x)}`;
    }
    const obj = x as Record<string, unknown>;
    let count = 0;
    for (const k in obj) {
      if (!Object.hasOwn(obj, k)) continue;
      if (!Object.hasOwn(this.spaces, k)) return `${path}.${k} is not a key of the space (keys: ${this.keys.join(', ')})`;
      count++;
    }
    for (const k of this.keys) {
      if (count === this.keys.length) break;
      if (!(k in obj)) return `${path}.${k} is missing`;
    }
    if (path !== this.pathsOf) {
      this.pathsOf = path;
      this.subPaths = this.keys.map((k) => `${path}.${k}`);
    }
    const paths = this.subPaths;
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      const why = this.spaces[k]!.explain(obj[k], paths[i], options);
      if (why !== null) return why;
    }
    return null;
  }

  private pathsOf: string | null = null;
  private subPaths: string[] = [];

  override fromLists(x: unknown): unknown {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || ArrayBuffer.isView(x)) return x;
    const obj = x as Record<string, unknown>;
    let out: Record<string, unknown> | null = null;
    for (const k of this.keys) {
      if (!Object.hasOwn(obj, k)) continue;
      const v = this.spaces[k]!.fromLists(obj[k]);
      if (v !== obj[k]) (out ??= { ...obj })[k] = v;
    }
    return out ?? x;
  }

  /** The subspace under `key`. */
  get<K extends keyof S & string>(key: K): S[K] {
    const s = this.spaces[key];
    if (s === undefined) throw new RangeError(`Dict has no key '${key}'; keys are ${this.keys.join(', ')}.`);
    return s;
  }

  override toJSON(): SpaceJSON {
    const spaces: Record<string, SpaceJSON> = {};
    for (const k of this.keys) spaces[k] = this.spaces[k]!.toJSON();
    return { type: 'Dict', spaces };
  }

  override toString(): string {
    return `Dict(${this.keys.map((k) => `'${k}': ${this.spaces[k]!.toString()}`).join(', ')})`;
  }
}
