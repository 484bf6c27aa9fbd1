import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { D } from "../ir/decimal.ts";
import {
  decimalsOf, divExact, divRound, formatFixedDecimal, formatFixedMoney, OVERFLOW, parseFixed, readFixed, rescale, roundTo, safe,
} from "./fixed.ts";
import { formatDecimal, formatMoney } from "../ir/money.ts";

const MAX = Number.MAX_SAFE_INTEGER; // 2^53 − 1

/** The exact value of an integer at a scale, as decimal.js holds it. */
const dec = (x: number, s: number) => new D(x).div(new D(10).pow(s));

describe("fixed-point integers: the 2^53 boundary", () => {
  it("2^53 − 1 is kept; 2^53 and beyond throw OVERFLOW, in both signs", () => {
    expect(safe(MAX)).toBe(MAX);
    expect(safe(-MAX)).toBe(-MAX);
    expect(() => safe(MAX + 1)).toThrow();
    expect(() => safe(-MAX - 1)).toThrow();
    expect(() => safe(Infinity)).toThrow();
  });

  it("a sum one past 2^53 − 1 is caught, though the double rounds it", () => {
    // 2^53 − 1 + 2 = 2^53 + 1, which is not a double: it rounds to 2^53, still caught
    let thrown: unknown;
    try {
      safe(MAX + 2);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(OVERFLOW);
  });

  it("a product just over 2^53 is caught; one just under is exact", () => {
    // 94906265² = 9007199136250225 < 2^53 − 1; 94906266² = 9007199326062756 > 2^53 − 1
    expect(safe(94906265 * 94906265)).toBe(9007199136250225);
    expect(() => safe(94906266 * 94906266)).toThrow();
  });

  it("rescale multiplies by 10^k and checks; 10^15 yuan in fen does not fit", () => {
    expect(rescale(12345, 2, 4)).toBe(1234500);
    expect(rescale(12345, 2, 2)).toBe(12345);
    expect(() => rescale(10 ** 15, 0, 2)).toThrow();
  });

  it("divExact: only exact quotients", () => {
    expect(divExact(1000000, 4)).toBe(250000);
    expect(divExact(-90, 3)).toBe(-30);
    expect(() => divExact(100, 3)).toThrow();
  });
});

describe("rounding half-up to the fen, with integers only", () => {
  it("x.xx5 rounds up; x.xx4999 down; ties away from zero for negatives (as decimal.js)", () => {
    expect(roundTo(12345, 3, 2)).toBe(1235); // 12.345 → 12.35
    expect(roundTo(12344, 3, 2)).toBe(1234); // 12.344 → 12.34
    expect(roundTo(1234499, 5, 2)).toBe(1234); // 12.34499 → 12.34
    expect(roundTo(5, 3, 2)).toBe(1); // 0.005 → 0.01
    expect(roundTo(-12345, 3, 2)).toBe(-1235); // −12.345 → −12.35
    expect(roundTo(-4, 3, 2)).toBe(-0); // −0.004 → 0
    expect(roundTo(9007199254740991, 15, 2)).toBe(901); // 9.007199254740991 → 9.01
  });

  it("agrees with decimal.js toDecimalPlaces(2, ROUND_HALF_UP) on random values and scales", () => {
    fc.assert(fc.property(fc.integer({ min: -MAX, max: MAX }), fc.integer({ min: 3, max: 15 }), (x, s) => {
      expect(dec(roundTo(x, s, 2), 2).eq(dec(x, s).toDecimalPlaces(2))).toBe(true);
    }), { numRuns: 2000 });
  });

  it("divRound: n / d to a whole number half-up, as decimal.js div then toDecimalPlaces(0)", () => {
    expect(divRound(25, 10)).toBe(3);
    expect(divRound(-25, 10)).toBe(-3);
    expect(divRound(24, 10)).toBe(2);
    fc.assert(fc.property(fc.integer({ min: -MAX, max: MAX }), fc.integer({ min: 1, max: MAX }), (n, d) => {
      expect(divRound(n, d) + 0).toBe(new D(n).div(d).toDecimalPlaces(0).toNumber() + 0);
    }), { numRuns: 2000 });
  });
});

describe("reading decimal text into integers", () => {
  it("plain decimals at the planned scale; trailing zeros do not count as decimals", () => {
    expect(parseFixed("12000", 2)).toBe(1200000);
    expect(parseFixed("0.05", 2)).toBe(5);
    expect(parseFixed("1.50", 1)).toBe(15);
    expect(parseFixed("007.1", 2)).toBe(710);
    expect(parseFixed("-3.25", 4)).toBe(-32500);
    expect(Object.is(parseFixed("-0", 2), 0)).toBe(true);
    expect(decimalsOf("1.2500")).toBe(2);
    expect(decimalsOf("300")).toBe(0);
  });

  it("declines more decimals than planned, more than 15 digits, and anything not plain", () => {
    expect(parseFixed("1.234", 2)).toBeUndefined(); // a rate with many decimals, say
    expect(parseFixed("0.123456789", 4)).toBeUndefined();
    expect(parseFixed("9999999999999.99", 2)).toBe(999999999999999);
    expect(parseFixed("99999999999999.99", 2)).toBeUndefined(); // 16 digits
    expect(parseFixed("10000000000000", 2)).toBeUndefined();
    for (const bad of ["", ".5", "5.", "1e5", "+1", "1,000", " 1", "1.2.3", "0x10", "١٢"]) expect(parseFixed(bad, 2)).toBeUndefined();
  });

  it("money written with two decimals, leading zeros and all: exact, and declined exactly from 10^15 at the scale", () => {
    expect(parseFixed("0999999999999.99", 2)).toBe(99999999999999);
    expect(parseFixed("12345678901.23", 4)).toBe(123456789012300);
    expect(parseFixed("123456789012.34", 4)).toBeUndefined(); // 16 digits at scale 4
    const text = fc.tuple(fc.stringMatching(/^\d{1,17}$/), fc.stringMatching(/^\d\d$/)).map(([i, f]) => `${i}.${f}`);
    fc.assert(fc.property(text, fc.integer({ min: 2, max: 6 }), (t, scale) => {
      const want = new D(t).times(new D(10).pow(scale));
      const n = parseFixed(t, scale);
      if (want.lt(1e15)) expect(n !== undefined && dec(n, 0).eq(want)).toBe(true);
      else expect(n).toBeUndefined();
    }), { numRuns: 2000 });
  });

  it("JS numbers: whole ones directly, others through their shortest text (0.1 + 0.2 declined)", () => {
    expect(readFixed(12000, 2)).toBe(1200000);
    expect(readFixed(0.1, 2)).toBe(10);
    expect(readFixed(0.1 + 0.2, 2)).toBeUndefined();
    expect(Object.is(readFixed(-0, 2), 0)).toBe(true);
    expect(readFixed(NaN, 2)).toBeUndefined();
    expect(readFixed(1e21, 2)).toBeUndefined();
    expect(readFixed(10 ** 13, 2)).toBeUndefined();
    expect(readFixed(true, 2)).toBeUndefined();
  });

  it("agrees with decimal.js on random plain decimals", () => {
    const text = fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,10}$/), fc.stringMatching(/^\d{0,4}$/))
      .map(([neg, i, f]) => `${neg ? "-" : ""}${i}${f === "" ? "" : `.${f}`}`);
    fc.assert(fc.property(text, (t) => {
      const n = parseFixed(t, 4);
      expect(n).toBeDefined();
      expect(dec(n!, 4).eq(new D(t))).toBe(true);
    }), { numRuns: 2000 });
  });
});

describe("writing integers as results", () => {
  it("money: two decimals, half-up, never -0.00", () => {
    expect(formatFixedMoney(5, 2)).toBe("0.05");
    expect(formatFixedMoney(700000, 2)).toBe("7000.00");
    expect(formatFixedMoney(7, 0)).toBe("7.00");
    expect(formatFixedMoney(123455, 4)).toBe("12.35");
    expect(formatFixedMoney(-5, 3)).toBe("-0.01");
    expect(formatFixedMoney(-4, 3)).toBe("0.00");
    expect(formatFixedMoney(-0, 2)).toBe("0.00");
  });

  it("money at the edges of the three-digit groups and of the safe integers, as formatMoney writes it", () => {
    const edges = [0, 99, 100, 99999, 100000, 100001, 99999999, 100000000, 100000099, 99999999999, 100000000000, 100000100000];
    for (const fen of [...edges, Number.MAX_SAFE_INTEGER, 2 ** 50 + 5]) {
      for (const x of [fen, -fen]) expect(formatFixedMoney(x, 2)).toBe(formatMoney(dec(x, 2)));
    }
    expect(formatFixedMoney(100000100000, 2)).toBe("1000001000.00"); // 10^9 yuan and more: written whole
    expect(formatFixedMoney(100000099, 2)).toBe("1000000.99"); // inner groups of zeros keep their zeros
  });

  it("money remembered by its fen: amounts that share a memo slot, and their negatives, each get their own text", () => {
    // 512 slots keyed by fen & 511: these all land in slot 0 or its mirror, in turn
    const fens = [0, 512, -512, 2 ** 32, 2 ** 32 + 512, -(2 ** 40), 0, 512, 2 ** 52, -0];
    for (let round = 0; round < 2; round++) {
      for (const fen of fens) expect(formatFixedMoney(fen, 2)).toBe(formatMoney(dec(fen, 2)));
    }
    // the same fen reached from another scale reads the same text
    expect(formatFixedMoney(51200, 4)).toBe("5.12");
    expect(formatFixedMoney(51249, 4)).toBe("5.12");
    expect(formatFixedMoney(51250, 4)).toBe("5.13");
  });

  it("other numbers: plain, no trailing zeros", () => {
    expect(formatFixedDecimal(1500, 3)).toBe("1.5");
    expect(formatFixedDecimal(0, 5)).toBe("0");
    expect(formatFixedDecimal(-75, 2)).toBe("-0.75");
    expect(formatFixedDecimal(100, 0)).toBe("100");
    expect(formatFixedDecimal(5, 4)).toBe("0.0005");
    expect(formatFixedDecimal(12000, 2)).toBe("120");
  });

  it("agree with formatMoney and formatDecimal on random values and scales", () => {
    fc.assert(fc.property(fc.integer({ min: -(10 ** 13), max: 10 ** 13 }), fc.integer({ min: 0, max: 15 }), (x, s) => {
      expect(formatFixedMoney(x, s)).toBe(formatMoney(dec(x, s)));
      expect(formatFixedDecimal(x, s)).toBe(formatDecimal(dec(x, s)));
    }), { numRuns: 2000 });
  });
});
