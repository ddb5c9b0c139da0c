/** The JSON error envelope every failing request gets. */
export class ErrorResponseDto {
  /** Human-readable description of what went wrong. */
  message: string;
  /** Machine-readable code, e.g. `BAD_REQUEST`, `UNAUTHORIZED`, `NOT_FOUND`. */
  code: string;
  /** Always null; kept for clients of the original API. */
  data?: null;
  /** Per-field validation errors, when the request was invalid. */
  details?: unknown;
  /** Correlates the answer with the server's log line. */
  requestId?: string;
}
