import { DynamicModule, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { ServiceMetrics } from './service-metrics';

/** `GET /metrics` and the injectable `ServiceMetrics`; global so the runtime and any service code can count. */
@Module({})
export class MetricsModule {
  static forService(service: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: ServiceMetrics, useValue: new ServiceMetrics(service) }],
      exports: [ServiceMetrics],
    };
  }
}
