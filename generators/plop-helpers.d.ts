// node-plop's case helpers (camelCase, snakeCase, ...), which every template may use; node-plop ships no types for this file.
declare module 'node-plop/src/baked-in-helpers.js' {
  const helpers: Record<string, (text: string) => string>;
  export default helpers;
}
