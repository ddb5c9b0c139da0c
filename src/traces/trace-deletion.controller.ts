import { Body, Controller, Delete, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireJson } from '../common/validation/require-json.guard.js';
import { ProjectsService } from '../projects/projects.service.js';
import { DeleteTracesDto, DeleteTracesResponseDto } from './dto/delete-traces.dto.js';
import { TraceDeletionService } from './trace-deletion.service.js';

@ApiTags('traces')
@Controller('api/public/traces')
export class TraceDeletionController {
  constructor(
    private readonly deletion: TraceDeletionService,
    private readonly projects: ProjectsService,
  ) {}

  @ApiOperation({ summary: 'Delete a trace with its observations and scores' })
  @Delete(':traceId')
  async deleteOne(@Param('traceId') traceId: string): Promise<DeleteTracesResponseDto> {
    await this.deletion.deleteOne(this.projects.current(), traceId);
    return { message: 'Trace deleted successfully' };
  }

  @ApiOperation({ summary: 'Delete traces with their observations and scores; unknown ids are skipped' })
  @Delete()
  @RequireJson()
  async deleteMany(@Body() body: DeleteTracesDto): Promise<DeleteTracesResponseDto> {
    await this.deletion.deleteMany(this.projects.current(), body.traceIds);
    return { message: 'Traces deleted successfully' };
  }
}
