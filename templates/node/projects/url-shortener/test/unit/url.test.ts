import { describe, expect, it } from 'vitest';
import { LinkInput } from '../../src/links/schemas.js';
import { MAX_URL_LENGTH, toLocation, urlProblem } from '../../src/links/url.js';
import { AppError } from '../../src/errors.js';
import { parseOrThrow } from '../../src/validation.js';

describe('urlProblem', () => {
  it.each([
    'https://example.com',
    'http://example.com/a/b?c=d#e',
    'https://user:pass@example.com:8443/x',
    'http://127.0.0.1:3000/',
    'https://例え.jp/パス',
    `https://example.com/${'a'.repeat(MAX_URL_LENGTH - 'https://example.com/'.length)}`,
    // 2048 characters, though 4000+ UTF-16 units: the limit counts characters.
    `https://example.com/${'😀'.repeat(MAX_URL_LENGTH - 'https://example.com/'.length)}`,
  ])('accepts %s', (url) => {
    expect(urlProblem(url)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['javascript:alert(1)', 'must be an absolute http or https URL'],
    ['ftp://example.com/file', 'must be an absolute http or https URL'],
    ['mailto:someone@example.com', 'must be an absolute http or https URL'],
    ['/relative/path', 'must be an absolute http or https URL'],
    ['example.com', 'must be an absolute http or https URL'],
    ['http:example.com', 'must be an absolute http or https URL'],
    ['http://', 'must have a valid host'],
    ['https://example.com\\@evil.example/', 'must have a valid host'],
    ['https://example.com/\u0085', 'must not contain spaces or control characters'],
    ['https://exa mple.com', 'must not contain spaces'],
    ['https://example.com/\nx', 'must not contain spaces or control characters'],
    [`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, 'must be at most 2048 characters'],
    [`https://example.com/${'😀'.repeat(MAX_URL_LENGTH)}`, 'must be at most 2048 characters'],
  ])('rejects %j', (url, problem) => {
    expect(urlProblem(url)).toContain(problem);
  });
});

describe('toLocation', () => {
  it('keeps an ASCII URL as it is', () => {
    expect(toLocation('https://example.com/a?b=c%20d')).toBe('https://example.com/a?b=c%20d');
  });

  it('keeps characters such as { } | that a header can carry', () => {
    expect(toLocation('https://example.com/{a}|b')).toBe('https://example.com/{a}|b');
  });

  it('sends an international host as xn-- and %-encodes other non-ASCII characters', () => {
    expect(toLocation('https://例え.jp/ä?q=ü#ñ')).toBe(
      'https://xn--r8jz45g.jp/%C3%A4?q=%C3%BC#%C3%B1',
    );
    expect(toLocation('http://user:pä@example.com/')).toBe('http://user:p%C3%A4@example.com/');
  });
});

describe('LinkInput', () => {
  const detailsOf = (input: unknown) => {
    try {
      parseOrThrow(LinkInput, input);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return (err as AppError).toBody().error;
    }
    throw new Error('expected a validation error');
  };

  it('accepts a valid body and drops unknown fields', () => {
    expect(parseOrThrow(LinkInput, { url: 'https://example.com', extra: 1 })).toEqual({
      url: 'https://example.com',
    });
  });

  it.each([
    [{}, 'url', 'url is required'],
    [{ url: 42 }, 'url', 'url must be a string'],
    [{ url: null }, 'url', 'url must be a string'],
    [
      { url: 'ftp://example.com' },
      'url',
      'url must be an absolute http or https URL such as https://example.com/page',
    ],
    [[], 'body', 'The body must be a JSON object'],
    ['https://example.com', 'body', 'The body must be a JSON object'],
    [null, 'body', 'The body must be a JSON object'],
  ])('rejects %j as a validation_error at %s', (input, path, message) => {
    expect(detailsOf(input)).toEqual({
      code: 'validation_error',
      message: 'The request is invalid',
      details: [{ path, message }],
    });
  });
});
