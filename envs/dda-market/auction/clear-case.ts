/**
 * The JSON contract of the market command line: one case in, one outcome out, both plain JSON.
 *
 * Input: `{"mechanism", "buyers": [{"value", "demand"?}], "sellers": [{"cost", "capacity"?}], "range": [min, max],
 * "step"}`. `range` and `step` are required by the clock mechanisms and IDA, optional for the direct ones.
 * Output: `{"trades": [{"buyer", "seller", "units"}], "buyerPays", "sellerReceives", "welfare", "budget",
 * "rounds", "messages"}`; ids are list positions from 0.
 *
 * @module
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { loadAjv } from '../../../src/config/validator.ts';
import { MarketInputError } from './errors.ts';
import { clearMarket } from './mechanisms.ts';
import { MECHANISMS, type Market, type MechanismId } from './types.ts';

/** A parsed case of the command-line contract. */
export interface MarketCase {
  mechanism: MechanismId;
  buyers: { value: number; demand?: number }[];
  sellers: { cost: number; capacity?: number }[];
  range?: [number, number];
  step?: number;
}

/** The contract's output. */
export interface CaseResult {
  trades: { buyer: number; seller: number; units: number }[];
  buyerPays: number[];
  sellerReceives: number[];
  welfare: number;
  budget: number;
  rounds: number;
  messages: number;
}

/** JSON Schema of a case (draft-07). Semantic checks (range contains the values, …) follow validation. */
export const MARKET_CASE_SCHEMA = {
  $id: 'edgellm-gym/market-case',
  type: 'object',
  additionalProperties: false,
  required: ['mechanism', 'buyers', 'sellers'],
  properties: {
    mechanism: { enum: [...MECHANISMS] },
    buyers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['value'],
        properties: { value: { type: 'number', minimum: 0 }, demand: { type: 'integer', minimum: 1 } },
      },
    },
    sellers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['cost'],
        properties: { cost: { type: 'number', minimum: 0 }, capacity: { type: 'integer', minimum: 1 } },
      },
    },
    range: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number', minimum: 0 } },
    step: { type: 'number', exclusiveMinimum: 0 },
  },
  allOf: [
    {
      if: { required: ['mechanism'], properties: { mechanism: { enum: ['dda-tr', 'dda-up', 't-dda', 'ida'] } } },
      then: { required: ['range', 'step'] },
    },
  ],
} as const;

// Compiled on the first case checked, so that importing the package compiles nothing.
let validateCase: ValidateFunction<MarketCase> | undefined;

/** `/buyers/3/value` → `buyers[3].value`. */
function fieldOf(e: ErrorObject): string {
  let path = '';
  for (const part of e.instancePath.split('/').slice(1)) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return path ? `${path}.${missing}` : missing;
  }
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return path ? `${path}.${extra}` : extra;
  }
  return path || 'case';
}

function fixOf(e: ErrorObject, field: string): string {
  switch (e.keyword) {
    case 'required':
      return field === 'range' || field === 'step'
        ? 'clock mechanisms and ida need "range": [P_min, P_max] and "step" > 0'
        : `add "${field.split('.').pop()}"`;
    case 'additionalProperties':
      return 'remove it; allowed keys are mechanism, buyers, sellers, range, step (and value/demand, cost/capacity per agent)';
    case 'enum':
      return `use one of ${MECHANISMS.join(', ')}`;
    case 'minimum':
      return 'use a number ≥ 0';
    case 'exclusiveMinimum':
      return 'use a positive step, e.g. 1% of the price range';
    case 'type':
      return field.endsWith('demand') || field.endsWith('capacity') ? 'use a whole number of units ≥ 1' : `use a ${String((e.params as { type: string }).type)}`;
    case 'minItems':
    case 'maxItems':
      return 'give exactly two numbers [P_min, P_max]';
    default:
      return 'see the case format in docs/market.md';
  }
}

/**
 * Validates a case against {@link MARKET_CASE_SCHEMA} and returns it typed.
 *
 * @throws {MarketInputError} naming the first offending field.
 */
export function parseCase(input: unknown): MarketCase {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (err) {
      throw new MarketInputError('json', `not valid JSON (${(err as Error).message})`, 'pass a JSON object such as {"mechanism":"dda-tr", ...}');
    }
  }
  validateCase ??= new (loadAjv())({ verbose: true }).compile<MarketCase>(MARKET_CASE_SCHEMA);
  if (!validateCase(data)) {
    const e = validateCase.errors![0]!;
    const field = fieldOf(e);
    const got = e.keyword === 'required' || e.keyword === 'additionalProperties' ? '' : `, got ${JSON.stringify(e.data)}`;
    throw new MarketInputError(field, `${e.message ?? 'invalid'}${got}`, fixOf(e, field));
  }
  return data;
}

/**
 * Clears one case of the command-line contract. Pure: the same input always gives the same output.
 *
 * @param input a case object or its JSON text.
 * @example
 * ```ts
 * clearCase({ mechanism: 'dda-tr', buyers: [{ value: 10 }, { value: 8 }, { value: 6 }, { value: 3 }],
 *             sellers: [{ cost: 2 }, { cost: 4 }, { cost: 7 }, { cost: 9 }], range: [0, 12], step: 1 });
 * // { trades: [{ buyer: 0, seller: 0, units: 1 }], buyerPays: [8, 0, 0, 0], sellerReceives: [4, 0, 0, 0],
 * //   welfare: 8, budget: 4, rounds: 12, messages: 49 }
 * ```
 * @throws {MarketInputError} on invalid input, naming the field and the fix.
 */
export function clearCase(input: unknown): CaseResult {
  const c = parseCase(input);
  // Direct mechanisms ignore the range; a placeholder keeps the Market type whole.
  const market: Market = { buyers: c.buyers, sellers: c.sellers, range: c.range ?? [0, 1] };
  const out = clearMarket(c.mechanism, market, c.step === undefined ? {} : { step: c.step });
  return {
    trades: out.trades.map((t) => ({ buyer: t.buyer, seller: t.seller, units: t.units })),
    buyerPays: out.buyerPays,
    sellerReceives: out.sellerReceives,
    welfare: out.welfare,
    budget: out.budget,
    rounds: out.rounds,
    messages: out.messages,
  };
}
