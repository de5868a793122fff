import { isatty } from 'node:tty';
import pc from 'picocolors';

/**
 * Colours for one output stream: on only when that stream is a terminal (or FORCE_COLOR asks), never
 * when NO_COLOR is set. Decided per stream: `2>errors.log` must not fill a file with escape codes
 * because stdout happens to be a terminal.
 */
function colorsFor(fd: 1 | 2) {
  const env = process.env;
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0';
  const enabled = !env.NO_COLOR && (forced || (isatty(fd) && env.TERM !== 'dumb'));
  return pc.createColors(enabled);
}

/** For what goes to stdout (results, next steps). */
export const out = colorsFor(1);
/** For what goes to stderr (errors, warnings, "Cancelled"). */
export const err = colorsFor(2);
