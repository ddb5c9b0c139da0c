/** A project, as Langfuse SDKs read it (`data[0].id` builds trace URLs). */
export class ProjectDto {
  /** DEFAULT_PROJECT_ID. */
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  metadata: Record<string, unknown>;
}

export class ProjectListResponseDto {
  data: ProjectDto[];
}
