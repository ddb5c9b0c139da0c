import { credentialKey, parseAuthorization, secretEquals } from './credentials.js';

const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;

describe('parseAuthorization', () => {
  it('reads Bearer and Basic with a case-insensitive scheme', () => {
    expect(parseAuthorization('Bearer abc')).toEqual({ kind: 'bearer', token: 'abc' });
    expect(parseAuthorization('bearer abc')).toEqual({ kind: 'bearer', token: 'abc' });
    expect(parseAuthorization(basic('pk:sk:with:colons'))).toEqual({
      kind: 'basic',
      publicKey: 'pk',
      secretKey: 'sk:with:colons',
    });
  });

  it('classifies odd shapes without throwing', () => {
    expect(parseAuthorization(undefined)).toEqual({ kind: 'none' });
    expect(parseAuthorization('Bearerabc')).toEqual({ kind: 'other' });
    expect(parseAuthorization('Bearer')).toEqual({ kind: 'other' });
    expect(parseAuthorization('Digest x')).toEqual({ kind: 'other' });
    expect(parseAuthorization(['Bearer a', 'Bearer b'])).toEqual({ kind: 'other' });
    expect(parseAuthorization(basic('no-colon'))).toEqual({ kind: 'malformed-basic' });
    expect(parseAuthorization('Basic !!!not-base64')).toEqual({ kind: 'malformed-basic' });
  });
});

describe('credentialKey', () => {
  it('keys bearer by token, basic by public key, the rest as anonymous', () => {
    expect(credentialKey({ kind: 'bearer', token: 't' })).toBe('bearer:t');
    expect(credentialKey({ kind: 'basic', publicKey: 'pk', secretKey: 'sk' })).toBe('basic:pk');
    expect(credentialKey({ kind: 'none' })).toBe('anonymous');
  });
});

describe('secretEquals', () => {
  it('compares whole values, whatever their lengths', () => {
    expect(secretEquals('secret', 'secret')).toBe(true);
    expect(secretEquals('secre', 'secret')).toBe(false);
    expect(secretEquals('secret-and-more', 'secret')).toBe(false);
  });
});
