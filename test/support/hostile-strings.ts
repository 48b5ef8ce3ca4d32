/**
 * Questions that have broken text handling elsewhere: names of JavaScript
 * properties (a lookup keyed by user text on a plain object finds
 * `constructor` or `__proto__`), arbitrary Unicode, control characters, lone
 * surrogates, HTML, and those mixed with ordinary question words.
 */
import fc from 'fast-check';

/** Every property name a plain object, function, array, string or promise answers to, and a few more. */
export const PROPERTY_NAMES: readonly string[] = [
  ...new Set([
    ...[Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, Promise.prototype, Map.prototype, RegExp.prototype, Date.prototype].flatMap(
      (prototype) => Object.getOwnPropertyNames(prototype),
    ),
    ...Object.getOwnPropertyNames(globalThis).filter((name) => /^[a-z]/iu.test(name)).slice(0, 60),
    '__proto__',
    'prototype',
    'constructor',
    'then',
    'toJSON',
    'caller',
    'callee',
    'arguments',
    'length',
    'name',
    'undefined',
    'null',
    'NaN',
    'Infinity',
    '-1',
    '0',
    '1e309',
  ]),
];

const QUESTION_WORDS = ['有多少', '是多少', '多少家', '占比', '增长了多少', '吗', '？', '双创园区', '企业', '年', '万元', '%'];

/** A question built from property names and question words. */
const propertyQuestion = fc
  .array(fc.oneof(fc.constantFrom(...PROPERTY_NAMES), fc.constantFrom(...QUESTION_WORDS)), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(''));

/** Anything a user may type, weighted towards what has broken things before. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...PROPERTY_NAMES), weight: 3 },
  { arbitrary: propertyQuestion, weight: 3 },
  { arbitrary: fc.string(), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme' }), weight: 1 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...'<>&"\'/\\#@：:，。0123456789万亿%年多少家') }), weight: 1 },
);

/** Hostile strings that fit on one line (for line-based input such as `ask --jsonl`). */
export const hostileLine: fc.Arbitrary<string> = hostileString.map((s) => s.replace(/[\r\n\u2028\u2029\u0085\v\f]/gu, ' '));
