import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { EXAMPLE_METADATA, type SampleExample } from './example.decorator';

/** Collects the `@Example()` routes of every controller the app mounted. */
@Injectable()
export class ExamplesService {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  list(): SampleExample[] {
    const examples: SampleExample[] = [];
    for (const { instance } of this.discovery.getControllers()) {
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        examples.push(...(this.reflector.get<SampleExample[]>(EXAMPLE_METADATA, prototype[method]) ?? []));
      }
    }
    return examples;
  }
}
