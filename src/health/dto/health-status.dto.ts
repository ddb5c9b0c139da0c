export class HealthStatusDto {
  /** `ok` from /healthz; `ready` or `not_ready` from /readyz. */
  status: string;
}

export class LangfuseHealthDto {
  /** Always `OK` when the process answers. */
  status: string;
  /** The server's version. */
  version: string;
}
