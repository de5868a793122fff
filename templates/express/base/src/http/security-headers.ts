import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet's security headers on every response, the 404s and errors included: a
 * Content-Security-Policy that lets a page load scripts, styles, images and
 * connections only from this service, nosniff, no framing by other sites, no
 * referrer across origins. JSON clients ignore them; they matter for the HTML
 * this service serves (/docs), where they stop injected or third-party scripts.
 *
 * The service itself speaks plain HTTP (TLS, if any, ends at a proxy in front of
 * it), so the policy leaves out helmet's `upgrade-insecure-requests`: on
 * http://localhost:3000 or a LAN address it would make browsers fetch /docs'
 * scripts over https, where nothing answers.
 */
const directives = { upgradeInsecureRequests: null };

export function securityHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { directives } });
}

// The inline <script> elements of a page (not <script src=...>).
const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/** The CSP source that allows exactly this inline script: its SHA-256 in base64. */
function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/**
 * For a route that serves `html` with inline scripts: the same policy, with
 * each of those scripts allowed by its hash. A script that differs by one
 * character, such as one an attacker got into the page, still does not run.
 */
export function allowInlineScriptsOf(html: string): RequestHandler {
  const hashes = [...html.matchAll(INLINE_SCRIPT)].map(([, script]) => scriptHash(script ?? ''));
  return helmet.contentSecurityPolicy({
    directives: { ...directives, scriptSrc: ["'self'", ...hashes] },
  });
}
