import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { bindDownloadService, DOWNLOAD_SERVICE_PROPERTY } from './download-service.registry';
import { DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { methodNames } from '../utils/method-names.util';
import { DownloadService } from './download.service';

/**
 * Hands the DownloadService to the controllers of `@Download()` routes that
 * could not inject it: those of modules that do not see DownloadModule
 * (`isGlobal: false`). Every route of the app is then served, as it would
 * be by a global interceptor. A request-scoped controller in such a module
 * is made per request: its class is bound to the service (the last app
 * started in the process wins, as for any process-wide binding).
 */
@Injectable()
export class DownloadViewsBinder implements OnModuleInit {
  constructor(
    private readonly modules: ModulesContainer,
    private readonly service: DownloadService,
  ) {}

  onModuleInit(): void {
    for (const module of this.modules.values()) {
      for (const wrapper of module.controllers.values()) {
        const metatype = wrapper.metatype as { prototype?: Record<string, unknown> } | null;
        if (!metatype?.prototype || !hasDownloadRoute(metatype.prototype)) continue;
        if (!wrapper.isDependencyTreeStatic()) {
          bindDownloadService(metatype, this.service);
          continue;
        }
        const instance = wrapper.instance as Record<symbol, unknown> | undefined;
        if (instance && !instance[DOWNLOAD_SERVICE_PROPERTY]) instance[DOWNLOAD_SERVICE_PROPERTY] = this.service;
      }
    }
  }
}

function hasDownloadRoute(prototype: Record<string, unknown>): boolean {
  return methodNames(prototype).some((name) => Reflect.hasOwnMetadata(DOWNLOAD_OPTIONS_METADATA, prototype[name] as object));
}
