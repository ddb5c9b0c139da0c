import { JsonText, mayBeJson, stringifyWithTexts } from './json-text.js';

describe('JsonText', () => {
  it('keeps JSON text as it is and refuses anything else', () => {
    expect(JsonText.parse(' {"a": [1, 2.50]} ')).toEqual(new JsonText(' {"a": [1, 2.50]} '));
    expect(JsonText.parse('"quoted"')?.text).toBe('"quoted"');
    expect(JsonText.parse('plain text')).toBeUndefined();
    expect(JsonText.parse('{"a":')).toBeUndefined();
    expect(JsonText.parse('')).toBeUndefined();
  });

  it('tells plain text from what may be JSON by its first character, never turning JSON away', () => {
    for (const json of ['{}', ' [1]', '\n"s"', '-1', '0.5', 'true', 'false', 'null', '\t\r {"a":1}']) {
      expect(mayBeJson(json)).toBe(true);
    }
    for (const text of ['gpt-4o', 'https://example.com', 'Hello', '', '  ', '+1', '.5', 'NaN']) {
      expect(mayBeJson(text)).toBe(false);
    }
    // A first character in JSON's set is only a hint: the parse decides.
    expect(JsonText.parse('tool_call')).toBeUndefined();
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
