import { JsonText, stringifyWithTexts } from './json-text.js';

describe('JsonText', () => {
  it('keeps JSON text as it is and refuses anything else', () => {
    expect(JsonText.parse(' {"a": [1, 2.50]} ')).toEqual(new JsonText(' {"a": [1, 2.50]} '));
    expect(JsonText.parse('"quoted"')?.text).toBe('"quoted"');
    expect(JsonText.parse('plain text')).toBeUndefined();
    expect(JsonText.parse('{"a":')).toBeUndefined();
    expect(JsonText.parse('')).toBeUndefined();
  });

  it('serialises as the value it holds outside stringifyWithTexts', () => {
    expect(JSON.stringify({ input: new JsonText('{"a": [1, 2.50]}') })).toBe('{"input":{"a":[1,2.5]}}');
  });
});

describe('stringifyWithTexts', () => {
  it('writes JsonText values as their text and everything else as JSON.stringify does', () => {
    const rows = [
      { id: 'o1', input: new JsonText('{"q": 12345678901234567890}'), at: new Date(0), output: undefined, n: null },
      { id: 'o2', nested: { list: [new JsonText('[1, 2.50]'), 'x'] } },
    ];
    expect(stringifyWithTexts(rows)).toBe(
      '[{"id":"o1","input":{"q": 12345678901234567890},"at":"1970-01-01T00:00:00.000Z","n":null},{"id":"o2","nested":{"list":[[1, 2.50],"x"]}}]',
    );
  });

  it('is JSON.stringify for values without JsonText', () => {
    const plain = { id: 'a"b', tags: ['x'], nested: { deep: new Date(5) } };
    expect(stringifyWithTexts(plain)).toBe(JSON.stringify(plain));
  });
});
