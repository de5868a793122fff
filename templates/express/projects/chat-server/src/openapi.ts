import { API_INFO } from './api-info.js';
import { HistoryQuery, MembersResponse, MessagesPage, RoomParams } from './chat/schemas.js';
import { describeApi, errorResponse, jsonContent, jsonSchema, parameters } from './http/openapi.js';

/**
 * Routes the app serves that the document leaves out on purpose: GET /ws is the
 * WebSocket's address, not an HTTP call (without an upgrade it only answers 426).
 */
export const ROUTES_OUTSIDE_THE_DOCUMENT = ['GET /ws'];

const roomParameters = parameters(RoomParams, 'path');

/**
 * Served at GET /openapi.json: this service's HTTP calls, and GET /health
 * (src/http/openapi.ts). The WebSocket protocol is described in `info.description`.
 */
export const openApiDocument = describeApi({
  info: API_INFO,
  tags: [{ name: 'rooms' }, { name: 'page' }],
  paths: {
    '/rooms/{room}/messages': {
      get: {
        tags: ['rooms'],
        summary: "A page of the room's messages, newest first",
        description:
          'For the next (older) page, pass the id of the last message as `before`. An empty list means there is nothing older.',
        parameters: [...roomParameters, ...parameters(HistoryQuery, 'query')],
        responses: {
          200: { description: 'The messages, newest first', content: jsonContent('MessagesPage') },
          400: errorResponse('Bad room, limit or before (validation_error)'),
        },
      },
    },
    '/rooms/{room}/members': {
      get: {
        tags: ['rooms'],
        summary: 'Who is online in the room, on any instance',
        parameters: roomParameters,
        responses: {
          200: { description: 'The member names, sorted', content: jsonContent('MembersResponse') },
          400: errorResponse('Bad room (validation_error)'),
        },
      },
    },
    '/': {
      get: {
        tags: ['page'],
        summary: 'The chat page: pick a room and a name, chat',
        responses: {
          200: {
            description: 'An HTML page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
  },
  schemas: {
    MessagesPage: jsonSchema(MessagesPage),
    MembersResponse: jsonSchema(MembersResponse),
  },
});
