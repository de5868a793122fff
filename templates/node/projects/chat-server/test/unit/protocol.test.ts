import { describe, expect, it } from 'vitest';
import { parseClientFrame } from '../../src/chat/protocol.js';

describe('parseClientFrame', () => {
  it('accepts a message and a typing frame', () => {
    expect(parseClientFrame('{"type":"message","text":"hi"}')).toEqual({
      ok: true,
      frame: { type: 'message', text: 'hi' },
    });
    expect(parseClientFrame('{"type":"typing"}')).toEqual({ ok: true, frame: { type: 'typing' } });
  });

  it('keeps only what the protocol knows', () => {
    expect(parseClientFrame('{"type":"message","text":"hi","name":"someone else"}')).toEqual({
      ok: true,
      frame: { type: 'message', text: 'hi' },
    });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(parseClientFrame(JSON.stringify({ type: 'message', text: '😀'.repeat(2000) })).ok).toBe(
      true,
    );
    expect(parseClientFrame(JSON.stringify({ type: 'message', text: 'é'.repeat(2001) }))).toEqual({
      ok: false,
      error: { type: 'error', code: 'validation_error', message: expect.stringContaining('2001') },
    });
  });

  it.each([
    ['', 'invalid_json'],
    ['{"type":', 'invalid_json'],
    ['null', 'validation_error'],
    ['[]', 'validation_error'],
    ['42', 'validation_error'],
    ['{}', 'validation_error'],
    ['{"type":7}', 'validation_error'],
    ['{"type":"join"}', 'unknown_type'],
    ['{"type":"MESSAGE","text":"hi"}', 'unknown_type'],
    ['{"type":"message"}', 'validation_error'],
    ['{"type":"message","text":null}', 'validation_error'],
    ['{"type":"message","text":["hi"]}', 'validation_error'],
    ['{"type":"message","text":""}', 'validation_error'],
  ])('answers %j with %s', (raw, code) => {
    const parsed = parseClientFrame(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toEqual({ type: 'error', code, message: expect.any(String) });
    }
  });
});
