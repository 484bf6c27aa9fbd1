// The one decimal.js configuration of bylaw: the runtime, the compiler and the playground all
// compute with this constructor. A clone, so an engine embedding the runtime keeps its global
// decimal.js settings; exponent limits widened so toString never uses exponent notation.
import { Decimal } from "decimal.js";

export const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

export type Dec = Decimal;

export const ZERO = new D(0);
export const ONE = new D(1);
export const HUNDRED = new D(100);
