import { applyDecorators, Header, type Type } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { JSON_CONTENT_TYPE } from './json-content-type.js';

/**
 * A route whose service builds its answer as JSON text (JsonSplice) and sends it as it is:
 * the content type a string would not get, and the DTO the text follows for the OpenAPI document.
 */
export function JsonTextResponse(type: Type<unknown>): MethodDecorator {
  return applyDecorators(ApiOkResponse({ type }), Header('Content-Type', JSON_CONTENT_TYPE));
}
