import type { DownloadService } from './download.service';

/** Property of a controller instance that holds the app's DownloadService. */
export const DOWNLOAD_SERVICE_PROPERTY = Symbol('nestjs-downloadview:download-service');

/** The service of each controller class whose instances could not inject it (see DownloadViewsBinder). */
const servicesByController = new WeakMap<object, DownloadService>();

/** Remembers the service for instances of `controller` made later (request-scoped ones). */
export function bindDownloadService(controller: object, service: DownloadService): void {
  servicesByController.set(controller, service);
}

/** The service that answers the `@Download()` routes of `instance`, if any. */
export function downloadServiceOf(instance: object): DownloadService | undefined {
  return (
    (instance as { [DOWNLOAD_SERVICE_PROPERTY]?: DownloadService })[DOWNLOAD_SERVICE_PROPERTY] ??
    servicesByController.get(instance.constructor)
  );
}
