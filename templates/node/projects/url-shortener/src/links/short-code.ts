import { randomBytes } from 'node:crypto';

export const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const SHORT_CODE_LENGTH = 7;

// Any code a path may carry; anything else is a 404 without touching the database.
const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{1,64}$/;

// 248 = 4 * 62: bytes at or above it are skipped so every character is equally likely
// (a plain `byte % 62` would favour the first eight characters).
const UNBIASED_BYTE_LIMIT = 256 - (256 % ALPHABET.length);

/** A random base62 code from the operating system's CSPRNG. */
export function generateShortCode(length = SHORT_CODE_LENGTH): string {
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      code += ALPHABET[byte % ALPHABET.length];
      if (code.length === length) break;
    }
  }
  return code;
}

export function isValidShortCode(code: string): boolean {
  return SHORT_CODE_PATTERN.test(code);
}
