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
  ])('accepts %s', (url) => {
    expect(urlProblem(url)).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['javascript:alert(1)', 'must use http or https'],
    ['ftp://example.com/file', 'must use http or https'],
    ['mailto:someone@example.com', 'must use http or https'],
    ['/relative/path', 'must be an absolute URL'],
    ['example.com', 'must be an absolute URL'],
    ['http://', 'must be an absolute URL'],
    ['https://exa mple.com', 'must not contain spaces'],
    ['https://example.com/\nx', 'must not contain spaces or control characters'],
    [`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, 'must be at most 2048 characters'],
  ])('rejects %j', (url, problem) => {
    expect(urlProblem(url)).toContain(problem);
  });
});

describe('toLocation', () => {
  it('keeps an ASCII URL as it is', () => {
    expect(toLocation('https://example.com/a?b=c%20d')).toBe('https://example.com/a?b=c%20d');
  });

  it('encodes a URL that a header cannot carry', () => {
    expect(toLocation('https://例え.jp/ä')).toBe('https://xn--r8jz45g.jp/%C3%A4');
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
    [{ url: 'ftp://example.com' }, 'url', 'url must use http or https'],
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
