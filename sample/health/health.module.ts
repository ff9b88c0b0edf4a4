import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DownloadHealthIndicator } from 'nestjs-downloadview';
import { HealthController } from './health.controller';

/** Health checks (docs/healthchecks.md). */
// docs:start module
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [DownloadHealthIndicator],
})
export class HealthModule {}
// docs:end module
