import { JsonSplice } from './json-splice.js';

describe('JsonSplice', () => {
  it('puts each text where its token was, untouched', () => {
    const splice = new JsonSplice();
    const answer = { a: splice.add('{"x": [1, 2.50]}'), b: [splice.add('"text"'), splice.add(null)], c: 'plain' };
    const json = splice.stringify(answer);
    expect(json).toBe('{"a":{"x": [1, 2.50]},"b":["text",null],"c":"plain"}');
    expect(JSON.parse(json)).toEqual({ a: { x: [1, 2.5] }, b: ['text', null], c: 'plain' });
  });

  it('leaves strings that only look like tokens alone', () => {
    const splice = new JsonSplice();
    const answer = { token: splice.add('1'), lookalike: '\\u00000', escaped: 'u0000' };
    expect(JSON.parse(splice.stringify(answer))).toEqual({ token: 1, lookalike: '\\u00000', escaped: 'u0000' });
  });

  it('is plain JSON.stringify without texts', () => {
    const value = { at: new Date(0), n: [1, 'two'] };
    expect(new JsonSplice().stringify(value)).toBe(JSON.stringify(value));
  });
});
