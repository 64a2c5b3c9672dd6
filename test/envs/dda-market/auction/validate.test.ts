import assert from 'node:assert/strict';
import { MarketInputError } from '../../../../envs/dda-market/auction/errors.ts';
import { checkAgents, checkRange, checkStep, isSingleUnit, requireSingleUnit } from '../../../../envs/dda-market/auction/validate.ts';
import type { Buyer, Seller } from '../../../../envs/dda-market/auction/types.ts';

function throwsField(f: () => unknown, field: string, mentions?: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof MarketInputError, `expected MarketInputError, got ${String(e)}`);
    assert.equal(e.field, field);
    assert.ok(e.message.startsWith(`${field}: `), 'the message starts with the field');
    assert.ok(e.message.includes('Fix: '), 'the message says how to fix it');
    if (mentions) assert.match(e.message, mentions);
    return true;
  });
}

describe('market/validate', () => {
  it('accepts well-formed agents, empty sides included', () => {
    checkAgents([], []);
    checkAgents([{ value: 0 }, { value: 3.5, demand: 2 }], [{ cost: 0 }, { cost: 1, capacity: 4 }]);
  });

  it('names the offending value or quantity', () => {
    throwsField(() => checkAgents([{ value: 1 }, { value: -1 }], []), 'buyers[1].value', /-1/);
    throwsField(() => checkAgents([{ value: Number.NaN }], []), 'buyers[0].value', /NaN/);
    throwsField(() => checkAgents([{ value: Infinity }], []), 'buyers[0].value');
    throwsField(() => checkAgents([{ value: '3' as unknown as number }], []), 'buyers[0].value');
    throwsField(() => checkAgents([], [{ cost: -0.5 }]), 'sellers[0].cost');
    throwsField(() => checkAgents([{ value: 1, demand: 0 }], []), 'buyers[0].demand');
    throwsField(() => checkAgents([{ value: 1, demand: 1.5 }], []), 'buyers[0].demand');
    throwsField(() => checkAgents([], [{ cost: 1, capacity: -2 }]), 'sellers[0].capacity');
    throwsField(() => checkAgents([null as unknown as Buyer], []), 'buyers[0]');
    throwsField(() => checkAgents({} as unknown as Buyer[], []), 'buyers');
    throwsField(() => checkAgents([], 'x' as unknown as Seller[]), 'sellers');
  });

  it('checks the price range against values and costs', () => {
    checkRange([0, 10], [{ value: 10 }], [{ cost: 0 }]);
    throwsField(() => checkRange([0, 9], [{ value: 10 }], []), 'range[1]', /at least 10/);
    throwsField(() => checkRange([2, 9], [], [{ cost: 1 }]), 'range[0]', /at most 1/);
    throwsField(() => checkRange([5, 5]), 'range[1]');
    throwsField(() => checkRange([-1, 5]), 'range[0]');
    throwsField(() => checkRange([0, Infinity]), 'range[1]');
    throwsField(() => checkRange([0] as unknown as [number, number]), 'range');
  });

  it('checks steps', () => {
    assert.equal(checkStep(0.5), 0.5);
    for (const bad of [0, -1, Number.NaN, Infinity, '1']) throwsField(() => checkStep(bad), 'step');
    throwsField(() => checkStep(0, 'fraction'), 'fraction');
  });

  it('tells single-unit markets apart', () => {
    assert.equal(isSingleUnit([{ value: 1, demand: 1 }], [{ cost: 1 }]), true);
    assert.equal(isSingleUnit([{ value: 1, demand: 2 }], []), false);
    throwsField(() => requireSingleUnit('mcafee', [], [{ cost: 1 }, { cost: 1, capacity: 2 }]), 'sellers[1].capacity', /mcafee/);
  });
});
