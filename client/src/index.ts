export * from './client.js';
export { ClientErrorCode, XtraceError, type XtraceErrorInit } from './errors.js';
export type { ClientOptions, Credentials, RequestOptions } from './http.js';
export { MetricsReporter, type MetricsReporterOptions } from './metrics-reporter.js';
export { DEFAULT_RETRY_OPTIONS, RETRYABLE_STATUSES, type RetryOptions } from './retry.js';
export type { paths as OpenApiPaths, components as OpenApiComponents } from './generated/openapi.js';
