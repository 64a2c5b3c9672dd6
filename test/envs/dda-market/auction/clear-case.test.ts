import assert from 'node:assert/strict';
import { clearCase, parseCase } from '../../../../envs/dda-market/auction/clear-case.ts';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import { MECHANISMS } from '../../../../envs/dda-market/auction/types.ts';

const CASE_A = {
  buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
  sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }],
  range: [0, 12],
  step: 1,
};

function fails(input: unknown, field: string): void {
  assert.throws(
    () => clearCase(input),
    (e: unknown) => e instanceof MarketInputError && e.field === field && e.message.includes('Fix:'),
    `expected an error naming ${field}`,
  );
}

describe('market/clear-case (command-line contract)', () => {
  it('dda-tr on case A (docs/market.md#tests) gives exactly the contract output', () => {
    assert.deepEqual(clearCase({ mechanism: 'dda-tr', ...CASE_A }), {
      trades: [{ buyer: 0, seller: 0, units: 1 }],
      buyerPays: [8, 0, 0, 0],
      sellerReceives: [4, 0, 0, 0],
      welfare: 8,
      budget: 4,
      rounds: 12,
      messages: 49,
    });
  });

  it('serves every mechanism, from objects and from JSON text, with the contract keys only', () => {
    const expected: Record<string, [number[], number[], number]> = {
      'dda-tr': [[8, 0, 0, 0], [4, 0, 0, 0], 8],
      'dda-up': [[6, 6, 0, 0], [6, 6, 0, 0], 12],
      't-dda': [[8, 0, 0, 0], [4, 0, 0, 0], 8],
      mcafee: [[6.5, 6.5, 0, 0], [6.5, 6.5, 0, 0], 12],
      vcg: [[6, 6, 0, 0], [7, 7, 0, 0], 12],
      ida: [[6, 6, 0, 0], [6, 6, 0, 0], 12],
      opt: [[0, 0, 0, 0], [0, 0, 0, 0], 12],
    };
    for (const mechanism of MECHANISMS) {
      const out = clearCase(JSON.stringify({ mechanism, ...CASE_A }));
      assert.deepEqual(Object.keys(out), ['trades', 'buyerPays', 'sellerReceives', 'welfare', 'budget', 'rounds', 'messages']);
      assert.deepEqual([out.buyerPays, out.sellerReceives, out.welfare], expected[mechanism], mechanism);
      for (const t of out.trades) assert.deepEqual(Object.keys(t), ['buyer', 'seller', 'units']);
    }
  });

  it('direct mechanisms need neither range nor step', () => {
    assert.equal(clearCase({ mechanism: 'vcg', buyers: [{ value: 3 }], sellers: [{ cost: 1 }] }).welfare, 2);
  });

  it('multi-unit case through the contract', () => {
    const out = clearCase({
      mechanism: 'dda-tr',
      buyers: [{ value: 10, demand: 2 }, { value: 8, demand: 3 }, { value: 6, demand: 2 }],
      sellers: [{ cost: 2, capacity: 3 }, { cost: 5, capacity: 2 }, { cost: 7, capacity: 4 }],
      range: [0, 12],
      step: 1,
    });
    assert.deepEqual(out.trades, [{ buyer: 0, seller: 0, units: 2 }]);
    assert.deepEqual([out.budget, out.welfare], [6, 16]);
  });

  it('is pure: the input is not changed and the output repeats', () => {
    const input = { mechanism: 'ida', ...CASE_A };
    const copy = structuredClone(input);
    const a = clearCase(input);
    assert.deepEqual(input, copy);
    assert.deepEqual(clearCase(input), a);
  });

  it('rejects bad cases naming the field', () => {
    fails('{not json', 'json');
    fails({ mechanism: 'dda', ...CASE_A }, 'mechanism');
    fails({ ...CASE_A }, 'mechanism');
    fails({ mechanism: 'dda-tr', ...CASE_A, buyers: [{ value: -1 }] }, 'buyers[0].value');
    fails({ mechanism: 'dda-tr', ...CASE_A, buyers: [{ value: 1, demand: 0 }] }, 'buyers[0].demand');
    fails({ mechanism: 'dda-tr', ...CASE_A, sellers: [{ price: 1 }] }, 'sellers[0].cost');
    fails({ mechanism: 'dda-tr', ...CASE_A, sellers: [{ cost: 1, capcity: 2 }] }, 'sellers[0].capcity');
    fails({ mechanism: 'dda-tr', ...CASE_A, step: 0 }, 'step');
    fails({ mechanism: 'dda-tr', ...CASE_A, range: [0] }, 'range');
    fails({ mechanism: 'dda-up', buyers: [], sellers: [], step: 1 }, 'range');
    fails({ mechanism: 'ida', buyers: [], sellers: [], range: [0, 1] }, 'step');
    fails({ mechanism: 'dda-tr', ...CASE_A, range: [0, 9] }, 'range[1]');
    fails({ mechanism: 'mcafee', ...CASE_A, buyers: [{ value: 1, demand: 2 }] }, 'buyers[0].demand');
    fails({ mechanism: 'opt', ...CASE_A, extra: true }, 'extra');
  });

  it('parseCase returns the validated case', () => {
    assert.equal(parseCase({ mechanism: 'opt', buyers: [], sellers: [] }).mechanism, 'opt');
  });
});
