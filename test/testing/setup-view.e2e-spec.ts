import type { TestingModule } from '@nestjs/testing';
import { PathFile, StorageFile, UrlSigner } from 'nestjs-downloadview';
import { createDownloadTestingModule, setupView, temporaryMediaRoot, type TemporaryMediaRoot } from 'nestjs-downloadview/testing';
import { AppModule } from '../../sample/app.module';
import { PathController } from '../../sample/path/path.controller';
import { FIXTURES_DIR } from '../../sample/sample.paths';
import { SigningController } from '../../sample/signing/signing.controller';
import { StorageController } from '../../sample/storage/storage.controller';

describe('the sample controllers unit-tested with setupView (no HTTP)', () => {
  let media: TemporaryMediaRoot;
  let moduleRef: TestingModule;

  // docs:start setup-view-module
  beforeAll(async () => {
    media = temporaryMediaRoot();
    moduleRef = await createDownloadTestingModule({ imports: [AppModule], storage: media.storage }).compile();
  });
  afterAll(async () => {
    await moduleRef.close();
    await media.cleanup();
  });
  // docs:end setup-view-module

  // docs:start setup-view
  it('StorageController.byName looks the URL tail up in the storage', async () => {
    const file = await setupView(moduleRef, StorageController, 'byName', {
      params: { path: ['notes', 'café menu.txt'] }, // a `prefix/*` tail, as segments
    });
    expect(file).toBeInstanceOf(StorageFile);
    expect(file.name).toBe('notes/café menu.txt');
    expect(file.getPath()).toBe(`${media.location}/notes/café menu.txt`);
  });

  it('PathController.byName confines the name to the fixtures', async () => {
    const inside = await setupView(moduleRef, PathController, 'byName', { params: { name: 'hello-world.txt' } });
    expect(inside.getPath()).toBe(`${FIXTURES_DIR}/hello-world.txt`);
    const outside = await setupView(moduleRef, PathController, 'byName', { params: { name: '../app.module.ts' } });
    expect(outside).toBeInstanceOf(PathFile);
    expect(outside.getPath()).toBeUndefined(); // refused: answered 404 on a request
  });
  // docs:end setup-view

  it('SigningController.link signs the percent-encoded file URL', async () => {
    const { url } = await setupView(moduleRef, SigningController, 'link', { params: { path: ['notes', 'café menu.txt'] } });
    expect(url).toMatch(/^\/signing\/files\/notes\/caf%C3%A9%20menu\.txt\?expires=\d+&signature=[\w-]{43}$/);
    expect(moduleRef.get(UrlSigner).verify(url).valid).toBe(true);
  });
});
