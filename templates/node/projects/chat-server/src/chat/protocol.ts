import type { ChatMessage } from './schemas.js';

/**
 * The WebSocket protocol, as JSON text frames.
 *
 * Client to server:
 *   {"type":"message","text":"..."}   text of 1-2000 characters
 *   {"type":"typing"}
 * Server to client:
 *   {"type":"message","id","room","name","text","createdAt"}   to the whole room, sender included
 *   {"type":"presence","room","members":[names]}             on every join and leave
 *   {"type":"typing","room","name"}                          to the others in the room
 *   {"type":"error","code","message"}                        the socket stays open
 */

export const MAX_TEXT_CHARACTERS = 2000;

export type ClientFrame = { type: 'message'; text: string } | { type: 'typing' };

export type FrameErrorCode =
  | 'invalid_json'
  | 'validation_error'
  | 'unknown_type'
  | 'binary_not_supported'
  | 'rate_limited'
  | 'unavailable';

export interface ErrorFrame {
  type: 'error';
  code: FrameErrorCode;
  message: string;
}

export type MessageFrame = { type: 'message' } & ChatMessage;
export interface PresenceFrame {
  type: 'presence';
  room: string;
  members: string[];
}
export interface TypingFrame {
  type: 'typing';
  room: string;
  name: string;
}
export type RoomFrame = MessageFrame | PresenceFrame | TypingFrame;

export const errorFrame = (code: FrameErrorCode, message: string): ErrorFrame => ({
  type: 'error',
  code,
  message,
});

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; error: ErrorFrame };

const invalid = (code: FrameErrorCode, message: string): ParsedFrame => ({
  ok: false,
  error: errorFrame(code, message),
});

/** Characters as people count them: "é" and "😀" are one each (code points, not UTF-16 units). */
const characterCount = (text: string): number => [...text].length;

/** Checks one text frame from a client. Never throws: a bad frame becomes an error frame. */
export function parseClientFrame(raw: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return invalid('invalid_json', 'A frame must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid('validation_error', 'A frame must be a JSON object');
  }
  const { type, text } = value as { type?: unknown; text?: unknown };
  if (typeof type !== 'string') {
    return invalid('validation_error', 'A frame needs a "type": "message" or "typing"');
  }
  switch (type) {
    case 'message': {
      if (typeof text !== 'string') {
        return invalid('validation_error', '"text" must be a string');
      }
      const length = characterCount(text);
      if (length < 1 || length > MAX_TEXT_CHARACTERS) {
        return invalid(
          'validation_error',
          `"text" must be 1-${MAX_TEXT_CHARACTERS} characters (got ${length})`,
        );
      }
      return { ok: true, frame: { type: 'message', text } };
    }
    case 'typing':
      return { ok: true, frame: { type: 'typing' } };
    default:
      return invalid('unknown_type', 'Unknown frame type: expected "message" or "typing"');
  }
}
