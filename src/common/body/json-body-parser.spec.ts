import { AppError } from '../errors/app-error.js';
import { type JsonBodyOptions, MAX_JSON_DEPTH, parseJsonBody, scanBody } from './json-body-parser.js';
import { mayHoldUnstorableStrings } from './storable-strings.js';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

function rejection(body: string, options: JsonBodyOptions = {}): AppError {
  try {
    parseJsonBody(body, options);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('parseJsonBody', () => {
  it('parses ordinary JSON, including escaped surrogate pairs and non-ASCII text', () => {
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":"\\ud83d\\ude00 é ü"}]}'))).toEqual({ a: [1, { b: '😀 é ü' }] });
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
  });

  it('refuses nesting past the limit before parsing, whatever the brackets are', () => {
    for (const body of [nested(MAX_JSON_DEPTH + 1), nested(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const error = rejection(body);
      expect(error.status).toBe(400);
      expect(error.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
    }
  });

  it('tells which bodies spell a prototype key as a whole string, so only those take the careful parse', () => {
    expect(scanBody(Buffer.from('{"a":{"__proto__":{}}}'), 8).spellsProtoKey).toBe(true);
    expect(scanBody(Buffer.from('["constructor"]'), 8).spellsProtoKey).toBe(true);
    expect(scanBody(Buffer.from('{"a\\"":"x","__proto__x":"constructors","_":"\\"__proto__"}'), 8).spellsProtoKey).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ text: `\\"${'['.repeat(10_000)}`, other: '"]]]' });
    expect(scanBody(Buffer.from(inString), 2).tooDeep).toBe(false);
    expect(parseJsonBody(inString)).toEqual(JSON.parse(inString));
  });

  it('refuses NUL characters and unpaired surrogates anywhere, keys included, naming the path', () => {
    expect(rejection('{"batch":[{"body":{"name":"a\\u0000b"}}]}').message).toContain('$.batch[0].body.name');
    expect(rejection('{"a":"\\ud800"}').message).toContain('unpaired');
    expect(rejection('{"a":"x\\udc00"}').status).toBe(400);
    expect(rejection('{"a":{"k\\u0000":1}}').message).toContain('$.a');
    // an escaped backslash before u0000 is plain text, not a NUL
    expect(parseJsonBody('{"a":"\\\\u0000"}')).toEqual({ a: '\\u0000' });
    // routes that refuse such strings item by item get them through
    expect(parseJsonBody('{"a":"\\u0000"}', { allowUnstorableStrings: true })).toEqual({ a: '\u0000' });
  });

  it('tells those routes which bodies cannot hold such strings, so they may skip their walk', () => {
    expect(mayHoldUnstorableStrings(parseJsonBody('{"a":["é","\\ud83d\\ude00"]}', { allowUnstorableStrings: true }))).toBe(true);
    expect(mayHoldUnstorableStrings(parseJsonBody('{"a":"\\u0000"}', { allowUnstorableStrings: true }))).toBe(true);
    expect(mayHoldUnstorableStrings(parseJsonBody('{"a":["é","😀","\\u00e9"]}', { allowUnstorableStrings: true }))).toBe(false);
    expect(mayHoldUnstorableStrings({ a: 'built elsewhere' })).toBe(true);
  });

  it('refuses prototype poisoning and malformed bodies with short messages; an empty body is no body unless one is required', () => {
    expect(rejection('{"__proto__":{"x":1}}').status).toBe(400);
    expect(rejection('{"constructor":{"prototype":{"x":1}}}').status).toBe(400);
    expect(rejection('{"a":[{"\\u005f_proto__":{"x":1}}]}').status).toBe(400);
    expect(rejection('{"a":{"c\\u006fnstructor":{"prototype":{"x":1}}}}').status).toBe(400);
    expect(rejection('{"a":[1,{"b":2,"__proto__":{"x":1}}]}').status).toBe(400);
    expect(parseJsonBody('{"constructor":"a","b":"__proto__"}')).toEqual({ constructor: 'a', b: '__proto__' });
    expect(parseJsonBody('{"constructors":"__proto__x"}')).toEqual({ constructors: '__proto__x' });
    expect(parseJsonBody('\ufeff{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody('')).toBeUndefined();
    expect(rejection('', { bodyRequired: true }).message).toBe('invalid json: empty body');
    const malformed = rejection(`{"a":"${'x'.repeat(5000)}`);
    expect(malformed.message.length).toBeLessThan(300);
  });

  it('adds little to a 1 MB body', () => {
    const body = Buffer.from(
      JSON.stringify({
        batch: Array.from({ length: 2100 }, (_, i) => ({
          id: `event-${i}`,
          body: { input: { messages: [{ role: 'user', content: 'x'.repeat(400) }] }, tags: ['a', 'b'] },
        })),
      }),
    );
    expect(body.length).toBeGreaterThan(1_000_000);
    const time = (work: () => void) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 20; i++) work();
      return Number(process.hrtime.bigint() - start) / 20 / 1e6;
    };
    const plain = time(() => JSON.parse(body.toString('utf8')));
    const scan = time(() => scanBody(body, MAX_JSON_DEPTH));
    const guarded = time(() => parseJsonBody(body));
    process.stdout.write(`1 MB body: JSON.parse ${plain.toFixed(2)} ms, depth scan ${scan.toFixed(2)} ms, guarded parse ${guarded.toFixed(2)} ms\n`);
    // the guard (a byte scan that skips strings) costs a fraction of the parse itself
    expect(guarded).toBeLessThan(plain * 2 + 5);
  });
});
