import { describeApi, errorResponse, jsonContent, jsonSchema, parameters } from './http/openapi.js';
import { CodeParams, Link, LinkInput, LinkStats } from './links/schemas.js';

const codeParameters = parameters(CodeParams, 'path');
const linkBody = { required: true, content: jsonContent('LinkInput') };

const invalid = errorResponse('Invalid body or URL (validation_error, invalid_json)');
const notFound = errorResponse('No link has this short code (not_found)');
const tooLarge = errorResponse('The body is too large (payload_too_large)');

// OpenAPI links: the shortCode of a created link is the {code} of every other call, so a client
// (or a test tool) can follow create -> read -> change -> count -> delete through the document.
const code = { code: '$response.body#/shortCode' };
const linksFromCreated = {
  GetLink: { operationId: 'getLink', parameters: code },
  UpdateLink: { operationId: 'updateLink', parameters: code },
  GetLinkStats: { operationId: 'getLinkStats', parameters: code },
  FollowLink: { operationId: 'followLink', parameters: code },
  DeleteLink: { operationId: 'deleteLink', parameters: code },
};

/** Served at GET /openapi.json: this service's calls, and GET /health (src/http/openapi.ts). */
export const openApiDocument = describeApi({
  info: {
    title: 'URL Shortener',
    description: 'Shorten, resolve, redirect and count links.',
    version: '0.1.0',
  },
  tags: [{ name: 'links' }, { name: 'redirect' }],
  paths: {
    '/shorten': {
      post: {
        tags: ['links'],
        summary: 'Create a short link',
        operationId: 'createLink',
        requestBody: linkBody,
        responses: {
          201: { description: 'Created', content: jsonContent('Link'), links: linksFromCreated },
          400: invalid,
          413: tooLarge,
          429: {
            ...errorResponse('Too many links created from this address (rate_limited)'),
            headers: {
              'Retry-After': {
                description: 'Seconds until the rate limit window ends',
                required: true,
                schema: { type: 'integer' },
              },
            },
          },
        },
      },
    },
    '/shorten/{code}': {
      parameters: codeParameters,
      get: {
        tags: ['links'],
        summary: 'Get a short link',
        operationId: 'getLink',
        responses: {
          200: { description: 'The link', content: jsonContent('Link') },
          404: notFound,
        },
      },
      put: {
        tags: ['links'],
        summary: 'Change the URL of a short link',
        operationId: 'updateLink',
        requestBody: linkBody,
        responses: {
          200: { description: 'The updated link', content: jsonContent('Link') },
          400: invalid,
          404: notFound,
          413: tooLarge,
        },
      },
      delete: {
        tags: ['links'],
        summary: 'Delete a short link',
        operationId: 'deleteLink',
        responses: { 204: { description: 'Deleted' }, 404: notFound },
      },
    },
    '/shorten/{code}/stats': {
      parameters: codeParameters,
      get: {
        tags: ['links'],
        summary: 'A short link with its access count',
        operationId: 'getLinkStats',
        responses: {
          200: { description: 'The link and its access count', content: jsonContent('LinkStats') },
          404: notFound,
        },
      },
    },
    '/{code}': {
      parameters: codeParameters,
      get: {
        tags: ['redirect'],
        summary: 'Redirect to the URL of a short code (counts one access)',
        operationId: 'followLink',
        responses: {
          302: {
            description: 'Redirect to the link URL',
            headers: {
              Location: {
                description:
                  'The URL; an international host in its xn-- form, other non-ASCII characters %-encoded',
                required: true,
                schema: { type: 'string' },
              },
            },
          },
          404: notFound,
        },
      },
    },
  },
  schemas: {
    LinkInput: jsonSchema(LinkInput, 'input'),
    Link: jsonSchema(Link),
    LinkStats: jsonSchema(LinkStats),
  },
});

/** Routes the app serves that the document leaves out on purpose: none. */
export const ROUTES_OUTSIDE_THE_DOCUMENT: string[] = [];
