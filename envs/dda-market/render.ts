/**
 * Text rendering of `DDAMarketEnv` (render mode `ansi`): the two clocks on the price range, the
 * acceptances so far and, once the auction is over, its outcome.
 * @module
 */
import type { ClockAuction } from './auction/clock-auction.ts';
import type { MarketOutcome } from './auction/types.ts';

/** Characters of the price line. */
const WIDTH = 50;

/** What the renderer shows. */
export interface MarketRenderState {
  /** The running (or finished) auction. */
  auction: ClockAuction;
  /** The round cap. */
  maxRounds: number;
  /** Units wanted by all buyers. */
  totalBuyerUnits: number;
  /** Units offered by all sellers. */
  totalSellerUnits: number;
  /** The outcome once the episode is over, else null. */
  outcome: MarketOutcome | null;
  /** Welfare / OPT once the episode is over, else null. */
  welfareRatio: number | null;
}

/**
 * Three or four lines: the price line (`S` seller clock, `B` buyer clock, `=` the interval still open),
 * the clock prices, acceptances and messages, and the outcome when the auction is over.
 *
 * @example
 * ```text
 * [0, 100]  |------------S=====================B-----------|
 * round 31/200  buyer clock 62.5 (next to move)  seller clock 25.5  accepted 9/20 buyers, 9/20 sellers  messages 611
 * ```
 */
export function renderMarket(s: MarketRenderState): string {
  const a = s.auction;
  const [lo, hi] = a.market.range;
  const pos = (p: number) => Math.min(WIDTH - 1, Math.max(0, Math.round(((p - lo) / (hi - lo)) * (WIDTH - 1))));
  const sPos = pos(a.sellerClock);
  const bPos = pos(a.buyerClock);
  let line = '';
  for (let k = 0; k < WIDTH; k++) line += k === sPos && k === bPos ? 'X' : k === sPos ? 'S' : k === bPos ? 'B' : k > sPos && k < bPos ? '=' : '-';
  const price = (p: number) => Number(p.toPrecision(4)).toString();
  const next = a.ended ? '' : a.side === 'seller' ? '' : ' (next to move)';
  const nextS = a.ended ? '' : a.side === 'seller' ? ' (next to move)' : '';
  const lines = [
    `[${price(lo)}, ${price(hi)}]  |${line}|`,
    `round ${a.rounds}/${s.maxRounds}  buyer clock ${price(a.buyerClock)}${next}  seller clock ${price(a.sellerClock)}${nextS}  ` +
      `accepted ${a.acceptedBuyerUnits}/${s.totalBuyerUnits} buyer units, ${a.acceptedSellerUnits}/${s.totalSellerUnits} seller units  messages ${a.messages}`,
  ];
  if (s.outcome !== null) {
    const o = s.outcome;
    const units = o.buyerUnits.reduce((x, y) => x + y, 0);
    lines.push(
      `over: ${units} unit(s) traded  welfare ${price(o.welfare)}  welfare / OPT ${s.welfareRatio === null ? '–' : s.welfareRatio.toFixed(3)}  budget ${price(o.budget)}`,
    );
  }
  return lines.join('\n');
}
