import { assertXAccelRedirect, assertXSendfile, createDownloadTestingModule } from 'nestjs-downloadview/testing';
import { AppModule } from '../../sample/app.module';
import { FIXTURES_DIR } from '../../sample/sample.paths';
import { ADAPTERS } from '../support/test-app.factory';
import { type SampleApp, startApp } from './sample-app.testing';

describe.each(ADAPTERS)('the sample app behind nginx, tested with assertXAccelRedirect on %s', (adapter) => {
  let sample: SampleApp;
  // docs:start x-accel-redirect-setup
  beforeAll(async () => {
    const builder = createDownloadTestingModule({
      imports: [AppModule],
      backend: 'nginx',
      rules: [
        { sourceUrl: '/media/', destinationUrl: '/protected/media/' },
        { sourceDir: FIXTURES_DIR, destinationUrl: '/protected/fixtures/', expires: 3600, withBuffering: false, limitRate: false },
      ],
    });
    sample = await startApp(adapter, builder);
  });
  // docs:end x-accel-redirect-setup
  afterAll(() => sample?.app.close());

  // docs:start x-accel-redirect
  it('hands stored files to nginx', async () => {
    const response = await sample.get('/storage/files/notes/caf%C3%A9%20menu.txt');
    assertXAccelRedirect(response, {
      redirectUrl: '/protected/media/notes/caf%C3%A9%20menu.txt',
      basename: 'café menu.txt',
      contentType: 'text/plain; charset=utf-8',
      charset: null,
      expires: null,
      withBuffering: null,
      limitRate: null,
    });
  });

  it('hands files by path to nginx with the rule\'s X-Accel options', async () => {
    const response = await sample.get('/path/static-path');
    assertXAccelRedirect(response, {
      redirectUrl: '/protected/fixtures/hello-world.txt',
      expires: 3600,
      withBuffering: false, // X-Accel-Buffering: no
      limitRate: false, // X-Accel-Limit-Rate: off
    });
  });
  // docs:end x-accel-redirect

  it('fails naming the header when a value is wrong', async () => {
    const response = await sample.get('/path/static-path');
    expect(() => assertXAccelRedirect(response, { expires: null })).toThrow(
      "x-accel-expires\n    expected: '(absent)'\n    actual:   '3600'",
    );
  });
});

describe.each(ADAPTERS)('the sample app behind Apache and lighttpd, tested with assertXSendfile on %s', (adapter) => {
  describe.each(['apache', 'lighttpd'] as const)('%s', (server) => {
    let sample: SampleApp;
    // docs:start x-sendfile
    beforeAll(async () => {
      const builder = createDownloadTestingModule({
        imports: [AppModule],
        backend: server,
        rules: [{ sourceDir: FIXTURES_DIR, destinationDir: '/var/www/fixtures' }],
      });
      sample = await startApp(adapter, builder);
    });

    it('hands the file to the proxy, its path encoded the way that server reads it', async () => {
      const response = await sample.get('/path/dynamic-path/hello-world.txt');
      assertXSendfile(response, {
        filePath: '/var/www/fixtures/hello-world.txt',
        basename: 'hello-world.txt',
        contentType: 'text/plain; charset=utf-8',
        server,
      });
    });
    // docs:end x-sendfile
    afterAll(() => sample?.app.close());
  });
});
