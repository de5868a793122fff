import { readFileSync } from 'node:fs';

/**
 * The chat page served at GET / (public/index.html): plain HTML and a little
 * JavaScript, no build step. Read once at start-up (the same path from src/ and dist/).
 */
export const CHAT_PAGE: string = readFileSync(
  new URL('../public/index.html', import.meta.url),
  'utf8',
);
