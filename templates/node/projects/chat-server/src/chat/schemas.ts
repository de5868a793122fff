import { z } from 'zod';

/**
 * Room and display names: 1-64 letters, digits, `-` or `_`. Nothing else is
 * allowed, so a name is safe as it is in a URL, a Redis key, a log line and a page.
 */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const nameLike = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, { error: `must be 1-64 letters, digits, - or _` })
    .meta({ description: `${what}: 1-64 letters, digits, - or _`, example: 'general' });

export const Room = nameLike('The room');
export const DisplayName = nameLike('The display name');

/** GET /ws?room=<room>&name=<name>: checked before the connection is upgraded. */
export const ConnectQuery = z.object({ room: Room, name: DisplayName });

export const RoomParams = z.object({ room: Room });

export const MAX_HISTORY_PAGE = 200;

const badLimit = { error: `must be a whole number from 1 to ${MAX_HISTORY_PAGE}` };
const badBefore = { error: 'must be a message id: a whole number from 1' };

/** GET /rooms/{room}/messages?limit=&before=: a page of history, newest first. */
export const HistoryQuery = z.object({
  limit: z.coerce
    .number(badLimit)
    .int(badLimit)
    .min(1, badLimit)
    .max(MAX_HISTORY_PAGE, badLimit)
    .default(50)
    .meta({ description: `How many messages, 1-${MAX_HISTORY_PAGE}` }),
  before: z.coerce.number(badBefore).int(badBefore).min(1, badBefore).optional().meta({
    description:
      'Only messages older than this id (the id of the last message of the previous page)',
  }),
});

/** A stored chat message, as history lists it. */
export const ChatMessage = z.object({
  id: z
    .number()
    .int()
    .meta({ description: 'Increases with every message: the cursor for `before`' }),
  room: z.string(),
  name: z.string(),
  text: z.string(),
  createdAt: z.string().meta({ description: 'ISO-8601 in UTC with milliseconds' }),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const MessagesPage = z.object({
  messages: z.array(ChatMessage).meta({ description: 'Newest first' }),
});

export const MembersResponse = z.object({
  members: z
    .array(z.string())
    .meta({ description: 'Names online in the room on any instance, sorted' }),
});
