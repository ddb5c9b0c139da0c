import { randomUUID } from 'node:crypto';
import { JsonSplice } from './json-splice.js';

describe('JsonSplice', () => {
  it('puts each text where its token was, untouched', () => {
    const splice = new JsonSplice();
    const answer = { a: splice.add('{"x": [1, 2.50]}'), b: [splice.add('"text"'), splice.add(null)], c: 'plain' };
    const json = splice.stringify(answer);
    expect(json).toBe('{"a":{"x": [1, 2.50]},"b":["text",null],"c":"plain"}');
    expect(JSON.parse(json)).toEqual({ a: { x: [1, 2.5] }, b: ['text', null], c: 'plain' });
  });

  it("leaves another answer's tokens alone", () => {
    const other = new JsonSplice();
    const stored = other.add('1');
    const splice = new JsonSplice();
    const answer = { token: splice.add('2'), stored, shaped: `${randomUUID()}:0` };
    expect(JSON.parse(splice.stringify(answer))).toEqual({ token: 2, stored, shaped: answer.shaped });
  });

  it('is plain JSON.stringify without texts', () => {
    const value = { at: new Date(0), n: [1, 'two'] };
    expect(new JsonSplice().stringify(value)).toBe(JSON.stringify(value));
  });
});
