import { splitList } from './string-list.js';

describe('splitList', () => {
  it('reads repeated keys, comma lists and single values alike', () => {
    expect(splitList({ value: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(splitList({ value: 'a,b' })).toEqual(['a', 'b']);
    expect(splitList({ value: ['a,b', ' c '] })).toEqual(['a', 'b', 'c']);
    expect(splitList({ value: 'a' })).toEqual(['a']);
    expect(splitList({ value: '' })).toEqual([]);
  });

  it('leaves non-strings for the validator to reject', () => {
    expect(splitList({ value: { a: 1 } })).toEqual({ a: 1 });
  });
});
