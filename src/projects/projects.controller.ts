import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OpenCompat } from '../auth/public.decorator.js';
import { ProjectListResponseDto } from './dto/project.dto.js';
import { ProjectsService } from './projects.service.js';

@ApiTags('projects')
@Controller('api/public/projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  /** The Langfuse SDKs call this as their auth check. Not rate limited. */
  @ApiOperation({ summary: 'The project of the caller' })
  @OpenCompat()
  @Get()
  list(): ProjectListResponseDto {
    return { data: this.projects.list() };
  }
}
