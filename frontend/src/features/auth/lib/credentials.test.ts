import { beforeEach, describe, expect, it } from 'vitest';
import { clearCredentials, clientCredentials, loadCredentials, saveCredentials, tokenFromHash } from './credentials';

describe('credentials', () => {
  beforeEach(() => sessionStorage.clear());

  it('keeps a token or a key pair in session storage', () => {
    saveCredentials({ kind: 'token', token: 'tok' });
    expect(loadCredentials()).toEqual({ kind: 'token', token: 'tok' });
    saveCredentials({ kind: 'keys', publicKey: 'pk', secretKey: 'sk' });
    expect(loadCredentials()).toEqual({ kind: 'keys', publicKey: 'pk', secretKey: 'sk' });
    clearCredentials();
    expect(loadCredentials()).toBeNull();
  });

  it('treats a corrupt entry as signed out', () => {
    sessionStorage.setItem('xtrace.credentials', '{not json');
    expect(loadCredentials()).toBeNull();
    sessionStorage.setItem('xtrace.credentials', '{"kind":"token","token":""}');
    expect(loadCredentials()).toBeNull();
  });

  it('reads the token of a sign-in link', () => {
    expect(tokenFromHash('#token=abc123')).toBe('abc123');
    expect(tokenFromHash('#foo=1&token=x%2By')).toBe('x+y');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('hands the client a bearer token or a Basic key pair', () => {
    expect(clientCredentials({ kind: 'token', token: 't' })).toBe('t');
    expect(clientCredentials({ kind: 'keys', publicKey: 'p', secretKey: 's' })).toEqual({ publicKey: 'p', secretKey: 's' });
  });
});
