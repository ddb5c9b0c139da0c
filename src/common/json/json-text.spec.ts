import { JsonText, stringifyRow, stringifyRows } from './json-text.js';

describe('JsonText', () => {
  it('keeps JSON text as it is and refuses anything else', () => {
    expect(JsonText.parse(' {"a": [1, 2.50]} ')).toEqual(new JsonText(' {"a": [1, 2.50]} '));
    expect(JsonText.parse('"quoted"')?.text).toBe('"quoted"');
    expect(JsonText.parse('plain text')).toBeUndefined();
    expect(JsonText.parse('{"a":')).toBeUndefined();
    expect(JsonText.parse('')).toBeUndefined();
  });
});

describe('stringifyRow', () => {
  it('writes JsonText fields as their text and the other fields as JSON.stringify does', () => {
    const row = { id: 'o1', input: new JsonText('{"q": 12345678901234567890}'), at: new Date(0), output: undefined, n: null };
    const json = stringifyRow(row);
    expect(json).toBe('{"input":{"q": 12345678901234567890},"id":"o1","at":"1970-01-01T00:00:00.000Z","n":null}');
    expect(JSON.parse(json)).toEqual({ id: 'o1', input: { q: 12345678901234567890 }, at: '1970-01-01T00:00:00.000Z', n: null });
  });

  it('writes a row of JsonText fields only, and a row without any as JSON.stringify does', () => {
    expect(stringifyRow({ input: new JsonText('[1]'), output: new JsonText('"x"') })).toBe('{"input":[1],"output":"x"}');
    const plain = { id: 'a"b', tags: ['x'], nested: { deep: new Date(5) } };
    expect(stringifyRow(plain)).toBe(JSON.stringify(plain));
  });

  it('leaves the row it was given unchanged', () => {
    const input = new JsonText('{}');
    const row = { id: 't', input };
    stringifyRow(row);
    expect(row).toEqual({ id: 't', input });
  });
});

describe('stringifyRows', () => {
  it('is a JSON array of the rows', () => {
    expect(stringifyRows([])).toBe('[]');
    expect(JSON.parse(stringifyRows([{ a: new JsonText('{"b":1}') }, { c: 2 }]))).toEqual([{ a: { b: 1 } }, { c: 2 }]);
  });
});
