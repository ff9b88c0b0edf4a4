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

  /**
   * Every example, in the order the controllers declare them. An example
   * `sentBy` a proxy that is not in front (`SAMPLE_PROXY`, set by
   * `npm run start:<server>`) says that it answers an empty body here.
   */
  list(proxy = process.env.SAMPLE_PROXY): SampleExample[] {
    const examples: SampleExample[] = [];
    for (const { instance } of this.discovery.getControllers()) {
      if (!instance) continue;
      const prototype = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const listed = this.reflector.get<SampleExample[]>(EXAMPLE_METADATA, prototype[method]) ?? [];
        examples.push(...listed.map((example) => withProxyNote(example, proxy)));
      }
    }
    return examples;
  }
}

/** The example, its description telling when its body needs a proxy that is not there. */
function withProxyNote(example: SampleExample, proxy: string | undefined): SampleExample {
  if (!example.sentBy || example.sentBy === proxy) return example;
  const note = `[empty body without ${example.sentBy} in front: headers only; npm run start:${example.sentBy} to get the file]`;
  return { ...example, description: `${example.description} ${note}` };
}
