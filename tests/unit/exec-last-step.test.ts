import { describe, expect, it } from 'vitest';
import { execLastStep } from '../matrix/processes.js';

describe('execLastStep', () => {
  it('execs a simple command', () => {
    expect(execLastStep('npm run start')).toBe('exec npm run start');
  });

  it('execs only the last step of an && chain', () => {
    expect(execLastStep('go build -o bin/ ./cmd/... && ./bin/server')).toBe('go build -o bin/ ./cmd/... && exec ./bin/server');
  });

  it('leaves a step that already execs', () => {
    expect(execLastStep('make && exec ./bin/server')).toBe('make && exec ./bin/server');
  });

  it('refuses pipes, lists and background jobs, which cannot become one process', () => {
    for (const command of ['a | b', 'a; b', 'a & b', 'a || b']) expect(() => execLastStep(command)).toThrow(/only `a && b`/);
  });
});
