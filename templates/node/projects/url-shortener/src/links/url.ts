export const MAX_URL_LENGTH = 2048;

// Spaces and control characters are not valid in a URL and could not be sent back
// in a Location header; browsers percent-encode them, so should clients.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;

/** Why `value` is not a URL we shorten, or undefined when it is one. */
export function urlProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  if (WHITESPACE_OR_CONTROL.test(value)) return 'must not contain spaces or control characters';
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://example.com/page';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must use http or https';
  if (parsed.hostname === '') return 'must have a host';
  return undefined;
}

export const isAllowedUrl = (value: string): boolean => urlProblem(value) === undefined;

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

/**
 * The stored URL as a Location header value. Most URLs are plain ASCII and go out
 * as stored; one with non-ASCII characters (an IDN host, an accented path) is
 * sent in its encoded form, since HTTP headers cannot carry those characters.
 */
export function toLocation(url: string): string {
  return PRINTABLE_ASCII.test(url) ? url : new URL(url).href;
}
