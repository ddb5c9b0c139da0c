import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { typeormOptions } from './typeorm-options.js';

/** The DataSource; migrations run when it connects. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.db.url) throw new Error('no database URL resolved before the app started');
        return typeormOptions(config.db.url);
      },
    }),
  ],
})
export class DatabaseModule {}
