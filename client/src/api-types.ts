import type { paths } from './generated/openapi.js';

/**
 * Request and response types read from the generated OpenAPI types, by path and method, so
 * the client's signatures follow the server's DTOs. A route the server's document does not
 * (yet) describe, or describes without a schema, yields the loose fallback types below
 * rather than a compile error: the client keeps building while the server grows.
 */
type HttpVerb = 'get' | 'post' | 'delete';

type Operation<P extends string, M extends HttpVerb> = P extends keyof paths
  ? M extends keyof paths[P]
    ? NonNullable<paths[P][M]>
    : undefined
  : undefined;

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

type SuccessStatus = 200 | 201 | 202 | 207;

/** Query parameters of an operation (a loose record when the server does not describe them). */
export type QueryOf<P extends string, M extends HttpVerb = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Query } }
    ? [NonNullable<Query>] extends [never]
      ? Record<string, never>
      : NonNullable<Query>
    : Record<string, unknown>;

/** JSON request body of an operation. */
export type BodyOf<P extends string, M extends HttpVerb = 'post'> =
  Operation<P, M> extends { requestBody?: infer Body } ? JsonContent<NonNullable<Body>> : unknown;

/** JSON body of the operation's success answer; `unknown` when the server gives no schema. */
export type ResponseOf<P extends string, M extends HttpVerb = 'get'> =
  Operation<P, M> extends { responses: infer Responses }
    ? [JsonContent<Responses[Extract<keyof Responses, SuccessStatus>]>] extends [never]
      ? unknown
      : JsonContent<Responses[Extract<keyof Responses, SuccessStatus>]>
    : unknown;
