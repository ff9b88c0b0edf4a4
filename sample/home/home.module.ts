import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ExamplesService } from './examples.service';
import { HomeController } from './home.controller';

/** The sample's home page and the list of examples printed on start. */
@Module({
  imports: [DiscoveryModule],
  controllers: [HomeController],
  providers: [ExamplesService],
  exports: [ExamplesService],
})
export class HomeModule {}
