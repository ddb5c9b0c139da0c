import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectsService } from '../projects/projects.service.js';
import { RateLimited } from '../ratelimit/rate-limited.decorator.js';
import { CreateModelDto } from './dto/create-model.dto.js';
import { ListModelsQueryDto } from './dto/list-models-query.dto.js';
import { ModelListResponseDto, ModelResponseDto } from './dto/model-response.dto.js';
import { RepriceRequestDto, RepriceResponseDto } from './dto/reprice.dto.js';
import { ModelsService } from './models.service.js';
import { ObservationCostsService } from './observation-costs.service.js';

@ApiTags('models')
@Controller('api/public/models')
export class ModelsController {
  constructor(
    private readonly models: ModelsService,
    private readonly costs: ObservationCostsService,
    private readonly projects: ProjectsService,
  ) {}

  @ApiOperation({ summary: "Model prices: the project's own rows, then the built-in ones" })
  @RateLimited()
  @Get()
  list(@Query() query: ListModelsQueryDto): Promise<ModelListResponseDto> {
    return this.models.list(this.projectId(), query);
  }

  @ApiOperation({ summary: 'Add a project model; it prices observations written from now on' })
  @Post()
  create(@Body() body: CreateModelDto): Promise<ModelResponseDto> {
    return this.models.create(this.projectId(), body);
  }

  @ApiOperation({ summary: 'Recompute xtrace-computed costs of a time window (client costs are never touched)' })
  @Post('reprice')
  @HttpCode(200)
  reprice(@Body() body: RepriceRequestDto): Promise<RepriceResponseDto> {
    return this.costs.reprice(this.projectId(), {
      from: new Date(body.from),
      to: new Date(body.to),
      model: body.model,
      dryRun: body.dryRun,
    });
  }

  @ApiOperation({ summary: 'A model price row' })
  @RateLimited()
  @Get(':id')
  get(@Param('id') id: string): Promise<ModelResponseDto> {
    return this.models.get(this.projectId(), id);
  }

  @ApiOperation({ summary: 'Delete a project model (built-in rows: 400)' })
  @Delete(':id')
  async delete(@Param('id') id: string): Promise<{ message: string }> {
    await this.models.delete(this.projectId(), id);
    return { message: 'Model successfully deleted' };
  }

  private projectId(): string {
    return this.projects.current();
  }
}
