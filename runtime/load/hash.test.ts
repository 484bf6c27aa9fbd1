import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canonicalJson, sha256BytesHex, sha256Hex } from "./hash.ts";

describe("sha256Hex", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    ["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"],
    ["中文政策", "125bbac6821a4e152bb647ca8a0bffec7e9deaffb64cfcc6272c4cf85f8ebab6"],
    ["起付线 2000元 §二(四)1", "13f5d806d235b1d8ee9b893e7b2347ace3f927508ed9481803a4393a01f5a324"],
    // padding edge cases: 55 bytes fit one block, 56 and 64 need two
    ["x".repeat(55), "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072"],
    ["x".repeat(56), "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e"],
    ["x".repeat(64), "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c"],
  ])("hashes %j, on Node and in TypeScript alike", (text, hex) => {
    expect(sha256Hex(text)).toBe(hex);
    expect(sha256BytesHex(new TextEncoder().encode(text))).toBe(hex);
  });

  it("Node's hash and the TypeScript one agree on any text, lone surrogates included", () => {
    const encoder = new TextEncoder();
    for (const text of ["\uD800", "a\uDC00b", "\uDBFF\uDFFF", "元\uD83D"]) expect(sha256Hex(text)).toBe(sha256BytesHex(encoder.encode(text)));
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
      expect(sha256Hex(text)).toBe(sha256BytesHex(encoder.encode(text)));
    }), { numRuns: 500 });
  });

  it("hashes a million bytes", () => {
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: "元" }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":"元","z":1}]},"b":1}',
    );
  });
  it("keeps array order, escapes strings as JSON does, leaves out undefined properties", () => {
    expect(canonicalJson([2, 1, "a\"b", true, { u: undefined, k: "v" }])).toBe('[2,1,"a\\"b",true,{"k":"v"}]');
  });
  it("is independent of key insertion order", () => {
    expect(canonicalJson({ 类别: 1, a: 2 })).toBe(canonicalJson({ a: 2, 类别: 1 }));
  });
});

describe("canonicalJson: the recursive and the deep-nesting paths agree", () => {
  // Up to 200 levels are written by recursion, deeper values by the explicit stack.
  for (const depth of [0, 10, 199, 201, 1000]) {
    it(`sorts keys and drops undefined at depth ${depth}`, () => {
      let v: unknown = { b: 1, a: [2, "二"], z: undefined, "": null };
      for (let i = 0; i < depth; i++) v = [v];
      const inner = '{"":null,"a":[2,"二"],"b":1}';
      expect(canonicalJson(v)).toBe("[".repeat(depth) + inner + "]".repeat(depth));
    });
  }
});

describe("canonicalJson: index-like keys and __proto__", () => {
  it("sorts keys that look like array indices as text, like any other key", () => {
    expect(canonicalJson({ b: 1, 10: "x", 9: "y", a: { 2: true, 1: false } })).toBe('{"10":"x","9":"y","a":{"1":false,"2":true},"b":1}');
  });
  it("keeps a `__proto__` key from parsed JSON as data", () => {
    expect(canonicalJson(JSON.parse('{"z":1,"__proto__":{"b":2,"a":1}}'))).toBe('{"__proto__":{"a":1,"b":2},"z":1}');
  });
});
