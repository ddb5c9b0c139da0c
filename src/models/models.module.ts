import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModelEntity } from './model.entity.js';
import { ModelsController } from './models.controller.js';
import { ModelsRepository } from './models.repository.js';
import { ModelsService } from './models.service.js';
import { ObservationCostsService } from './observation-costs.service.js';
import { PriceTableService } from './price-table.service.js';

/** The model price table, cost computation for observations, `/api/public/models`. */
@Module({
  imports: [TypeOrmModule.forFeature([ModelEntity])],
  controllers: [ModelsController],
  providers: [ModelsRepository, ModelsService, PriceTableService, ObservationCostsService],
  exports: [ObservationCostsService],
})
export class ModelsModule {}
