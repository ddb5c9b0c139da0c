/** The content type of every JSON answer: what Fastify sends for an object, spelled once for the paths that send text. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
