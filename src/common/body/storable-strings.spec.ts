import { findUnstorableString } from './storable-strings.js';

describe('findUnstorableString', () => {
  it('passes values whose strings PostgreSQL can store, paired surrogates (emoji) included', () => {
    expect(findUnstorableString({ a: ['x', { b: 'caf\u00e9 \ud83d\ude00' }], n: 1, t: true, z: null })).toBeUndefined();
    expect(findUnstorableString('plain')).toBeUndefined();
  });

  it.each([
    ['a NUL in a nested value', { a: [{ b: 'x' }, { c: 'y\u0000' }] }, '$.a[1].c'],
    ['a lone high surrogate', { a: 'x\ud83d' }, '$.a'],
    ['a lone low surrogate', { a: ['ok', '\ude00x'] }, '$.a[1]'],
    ['a NUL in a key (the path of its object)', { a: { 'k\u0000': 1 } }, '$.a'],
    ['a top-level string', 'x\u0000', '$'],
  ])('names the path of %s', (_name, value, path) => {
    expect(findUnstorableString(value)).toBe(path);
  });

  it('starts paths at the given root and walks values deeper than the call stack allows', () => {
    let deep: unknown = 'bad\u0000';
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(findUnstorableString({ deep: [deep] }, 'span')).toMatch(/^span\.deep\[0\](\[0\])+$/);
  });
});
