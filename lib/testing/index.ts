/**
 * nestjs-downloadview/testing: helpers for the tests of applications that
 * serve files (django-downloadview's `django_downloadview.test`). Import it
 * from tests only; the library itself never loads it.
 */
export { assertDownloadResponse, type DownloadResponseExpectations } from './assert-download-response';
export { assertXAccelRedirect, type XAccelRedirectExpectations } from './assert-x-accel-redirect';
export { assertXSendfile, decodeXSendfile, type XSendfileExpectations, type XSendfileServer } from './assert-x-sendfile';
export { DownloadAssertionError, type Mismatch } from './download-assertion.error';
export { temporaryMediaRoot, type TemporaryMediaRoot, type TemporaryMediaRootOptions } from './temporary-media-root';
export { createDownloadTestingModule, type DownloadTestingModuleOptions } from './download-testing-module';
export { setupView, type SetupViewRequest } from './setup-view';
export type { InjectLikeResponse, PlainTestResponse, SupertestLikeResponse, TestResponse } from './test-response';
