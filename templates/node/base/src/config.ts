import { envSpec } from './env.js';

type Spec = (typeof envSpec)[keyof typeof envSpec];

/** The type a variable's spec parses to: integers are numbers, enums their union of values. */
type ValueOf<S> = S extends { type: 'integer' }
  ? number
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : string;

/** Every variable of `envSpec`, parsed, under its camelCase name (`RATE_LIMIT_PER_MINUTE` -> `rateLimitPerMinute`). */
export type Config = { readonly [K in keyof typeof envSpec]: ValueOf<(typeof envSpec)[K]> };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses one raw value by its spec; returns the value, or why it is wrong. */
function parse(spec: Spec, raw: string): { value: unknown } | { problem: string } {
  switch (spec.type) {
    case 'integer': {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || value < spec.min || value > spec.max) {
        return { problem: `must be a whole number from ${spec.min} to ${spec.max} (got "${raw}")` };
      }
      return { value };
    }
    case 'boolean':
      if (raw === 'true' || raw === '1') return { value: true };
      if (raw === 'false' || raw === '0') return { value: false };
      return { problem: `must be true or false (got "${raw}")` };
    case 'enum':
      return (spec.values as readonly string[]).includes(raw)
        ? { value: raw }
        : { problem: `must be one of ${spec.values.join(', ')} (got "${raw}")` };
    case 'url': {
      const schemes = spec.values as readonly string[];
      const scheme = raw.split(':', 1)[0]!;
      if (!schemes.includes(scheme) || !URL.canParse(raw)) {
        return { problem: `must be a URL like ${schemes[0]}://host:port (got "${raw}")` };
      }
      return { value: raw };
    }
    default:
      return { value: raw };
  }
}

/**
 * Reads and validates the configuration. Pure: pass process.env, or any object in tests.
 * An empty variable counts as unset. Throws a ConfigError whose one-line message names every
 * bad variable, e.g. "Invalid configuration: DATABASE_URL is required".
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, spec] of Object.entries(envSpec) as [string, Spec][]) {
    const raw = env[spec.name] || ('default' in spec ? spec.default : undefined);
    if (raw === undefined) {
      problems.push(`${spec.name} is required`);
      continue;
    }
    const result = parse(spec, raw);
    if ('problem' in result) problems.push(`${spec.name} ${result.problem}`);
    else config[key] = result.value;
  }
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config as Config;
}
