/**
 * Allocation-free sorting of agent ids by report, ties broken by id (the fixed tie-break of every rule).
 *
 * @module
 */

/**
 * Sorts `order[0..n)` (agent ids) in place by `key[id]` — descending for buyers, ascending for sellers —
 * with ties broken by the smaller id first. Insertion sort for short lists, bottom-up merge sort otherwise;
 * `tmp` must hold at least `n` entries.
 */
export function sortIds(order: Int32Array, key: ArrayLike<number>, n: number, descending: boolean, tmp: Int32Array): void {
  if (n < 2) return;
  if (n <= 24) {
    insertion(order, key, 0, n, descending);
    return;
  }
  // Runs of 16 by insertion sort, then merge passes between `order` and `tmp`.
  const RUN = 16;
  for (let lo = 0; lo < n; lo += RUN) insertion(order, key, lo, Math.min(lo + RUN, n), descending);
  let src = order;
  let dst = tmp;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        const a = src[i]!;
        const b = src[j]!;
        if (precedes(b, a, key, descending)) {
          dst[k++] = b;
          j++;
        } else {
          dst[k++] = a;
          i++;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== order) order.set(src.subarray(0, n));
}

/** True when id `a` comes strictly before id `b`. */
function precedes(a: number, b: number, key: ArrayLike<number>, descending: boolean): boolean {
  const ka = key[a]!;
  const kb = key[b]!;
  if (ka === kb) return a < b;
  return descending ? ka > kb : ka < kb;
}

function insertion(order: Int32Array, key: ArrayLike<number>, lo: number, hi: number, descending: boolean): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= lo && precedes(x, order[j]!, key, descending)) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
}
