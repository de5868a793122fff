/** The OpenAPI document's `info`: the HTTP calls are listed as paths, the WebSocket protocol here. */
export const API_INFO = {
  title: 'Chat Server',
  version: '0.1.0',
  description: [
    'Chat rooms over WebSockets, with history in Postgres and fan-out across instances over Redis pub/sub.',
    '',
    '**WebSocket:** `GET /ws?room=<room>&name=<name>` (each 1-64 letters, digits, `-`, `_`; anything else is a 400 before the upgrade).',
    '',
    '- Client to server (JSON text frames): `{"type":"message","text":"..."}` (1-2000 characters), `{"type":"typing"}`.',
    '- Server to client: `{"type":"message","id","room","name","text","createdAt"}` to the whole room, sender included;',
    '  `{"type":"presence","room","members":[...]}` on every join and leave; `{"type":"typing","room","name"}` to the others;',
    '  `{"type":"error","code","message"}` for a bad frame (the socket stays open).',
    '- Limits: a frame over 16 KiB closes the socket with 1009; a binary frame gets an error frame;',
    '  too many messages get `rate_limited` error frames; a client that stops reading is closed with 1013;',
    '  at shutdown every socket is closed with 1001.',
  ].join('\n'),
};
