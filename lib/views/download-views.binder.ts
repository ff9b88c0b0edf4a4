import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DOWNLOAD_SERVICE_PROPERTY } from '../decorators/download.decorator';
import { DOWNLOAD_OPTIONS_METADATA } from '../download.constants';
import { DownloadService } from './download.service';

/**
 * Hands the DownloadService to the controllers of `@Download()` routes that
 * could not inject it: those of modules that do not see DownloadModule
 * (`isGlobal: false`). Every route of the app is then served, as it would
 * be by a global interceptor. A request-scoped controller in such a module
 * is made per request and still needs DownloadModule imported beside it.
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
        const instance = wrapper.instance as Record<symbol, unknown> | undefined;
        if (!instance || !wrapper.isDependencyTreeStatic() || instance[DOWNLOAD_SERVICE_PROPERTY]) continue;
        if (hasDownloadRoute(Object.getPrototypeOf(instance))) instance[DOWNLOAD_SERVICE_PROPERTY] = this.service;
      }
    }
  }
}

function hasDownloadRoute(prototype: object | null): boolean {
  for (let proto = prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const value = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof value === 'function' && Reflect.hasOwnMetadata(DOWNLOAD_OPTIONS_METADATA, value)) return true;
    }
  }
  return false;
}
