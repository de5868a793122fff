import { domainToASCII } from 'node:url';

export const MAX_URL_LENGTH = 2048;

/**
 * What a URL we shorten looks like, as one regular expression: `http` or `https`, `://`, an optional
 * user info, a host (letters, digits and `-._~!$&'()*+,;=`, or any non-ASCII letter; IP literals in
 * brackets are not taken), an optional port, then any path, query and fragment. Spaces and control
 * characters are refused everywhere (they cannot be sent back in a Location header). The OpenAPI
 * document publishes this same pattern, so a client can check a URL before sending it.
 */
export const URL_PATTERN =
  "^[Hh][Tt][Tt][Pp][Ss]?://(?:(?:[0-9A-Za-z._~!$&'()*+,;=:%-]|[^\\x00-\\x9f])*@)?(?:[0-9A-Za-z._~!$&'()*+,;=-]|[^\\x00-\\x9f])+(?::[0-9]*)?(?:[/?#][^\\x00-\\x20\\x7f-\\x9f]*)?$";

const URL_REGEX = new RegExp(URL_PATTERN, 'u');
const HTTP_SCHEME = /^https?:\/\//i;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_SPACE = /[\x00-\x20\x7f-\x9f]/;
// Half of a UTF-16 pair, alone: JSON can carry one, but no text encoding (nor Postgres) can store it.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Length in characters (code points), as JSON Schema's maxLength counts: an emoji is one. */
function characterCount(value: string): number {
  return Array.from(value).length;
}

/** Why `value` is not a URL we shorten, or undefined when it is one. */
export function urlProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_URL_LENGTH && characterCount(value) > MAX_URL_LENGTH) {
    return `must be at most ${MAX_URL_LENGTH} characters`;
  }
  if (CONTROL_OR_SPACE.test(value)) return 'must not contain spaces or control characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text';
  if (!HTTP_SCHEME.test(value))
    return 'must be an absolute http or https URL such as https://example.com/page';
  if (!URL_REGEX.test(value)) return 'must have a valid host, such as https://example.com/page';
  return undefined;
}

export const isAllowedUrl = (value: string): boolean => urlProblem(value) === undefined;

const HAS_NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_RUN = /[\u{80}-\u{10ffff}]+/gu;
// scheme://, user info@, host, then the port, path, query and fragment.
const URL_PARTS = /^([^:]+:\/\/)([^@/?#]*@)?([^:/?#]*)(.*)$/su;

const percentEncodeNonAscii = (text: string) =>
  text.replace(NON_ASCII_RUN, (chars) => encodeURIComponent(chars));

/**
 * The stored URL as a Location header value, which must be ASCII. Most URLs are, and go out exactly
 * as stored. Otherwise an international host name is sent in its ASCII (punycode, `xn--`) form and
 * every other non-ASCII character as UTF-8 percent-escapes: `https://bücher.example/café` becomes
 * `https://xn--bcher-kva.example/caf%C3%A9`, which leads browsers to the same page.
 */
export function toLocation(url: string): string {
  if (!HAS_NON_ASCII.test(url)) return url;
  const parts = URL_PARTS.exec(url);
  if (!parts) return percentEncodeNonAscii(url);
  const [, scheme = '', userInfo = '', host = '', rest = ''] = parts;
  const asciiHost = HAS_NON_ASCII.test(host)
    ? domainToASCII(host) || percentEncodeNonAscii(host)
    : host;
  return scheme + percentEncodeNonAscii(userInfo) + asciiHost + percentEncodeNonAscii(rest);
}
