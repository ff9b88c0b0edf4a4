import { assertDownloadResponse, createDownloadTestingModule, temporaryMediaRoot, type TemporaryMediaRoot } from 'nestjs-downloadview/testing';
import { AppModule } from '../../sample/app.module';
import { ADAPTERS } from '../support/test-app.factory';
import { type SampleApp, startApp } from './sample-app.testing';

describe.each(ADAPTERS)('the sample app tested with assertDownloadResponse on %s', (adapter) => {
  // docs:start temporary-media-root
  let media: TemporaryMediaRoot;
  let sample: SampleApp;

  beforeEach(async () => {
    media = temporaryMediaRoot({ baseUrl: '/media/' });
    sample = await startApp(adapter, createDownloadTestingModule({ imports: [AppModule], storage: media.storage }));
  });

  afterEach(async () => {
    await sample.app.close();
    await media.cleanup();
  });
  // docs:end temporary-media-root

  // docs:start assert-download-response
  it('streams a stored file by name', async () => {
    media.write('1.txt', 'Hello world!\n');
    const response = await sample.get('/storage/files/1.txt');
    assertDownloadResponse(response, {
      content: 'Hello world!\n',
      basename: '1.txt',
      mimeType: 'text/plain',
      attachment: true,
    });
  });
  // docs:end assert-download-response

  it('streams a name with a space and an accent, and a range of it', async () => {
    media.write('notes/café menu.txt', 'Soup of the day\n');
    assertDownloadResponse(await sample.get('/storage/inline/notes/caf%C3%A9%20menu.txt'), {
      basename: 'café menu.txt',
      contentType: 'text/plain; charset=utf-8',
      attachment: false,
    });
    assertDownloadResponse(await sample.get('/storage/files/notes/caf%C3%A9%20menu.txt', { Range: 'bytes=0-3' }), {
      status: 206,
      content: 'Soup',
    });
  });

  // docs:start failure-message
  it('fails with every difference listed when the expectation is wrong', async () => {
    media.write('1.txt', 'Hello world!\n');
    const response = await sample.get('/storage/files/1.txt');
    expect(() => assertDownloadResponse(response, { basename: '2.txt', content: 'Bye\n' })).toThrow(
      [
        'Download response does not match (2 differences):',
        '  basename (Content-Disposition filename)',
        "    expected: '2.txt'",
        "    actual:   '1.txt'",
        '  content',
        '    expected: 4 bytes "Bye\\n"',
        '    actual:   13 bytes "Hello world!\\n"',
      ].join('\n'),
    );
  });
  // docs:end failure-message

  // docs:start binary-failure
  it('shows where a binary download differs from the expected bytes', async () => {
    const expected = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256));
    const served = Buffer.from(expected);
    served[1000] = 0x00; // expected 0x18 there
    media.write('data.bin', served);
    const response = await sample.get('/storage/files/data.bin');
    expect(() => assertDownloadResponse(response, { content: expected })).toThrow(
      'first difference at byte 1000 (0x3e8); lengths: expected 4096, actual 4096',
    );
    expect(() => assertDownloadResponse(response, { content: expected })).toThrow(
      /expected: … ([0-9a-f]{2} ){16}\[18\]( [0-9a-f]{2}){16} …\n {6}actual: {3}… ([0-9a-f]{2} ){16}\[00\]( [0-9a-f]{2}){16} …/,
    );
  });
  // docs:end binary-failure

  it('sees a file of the temporary storage only while it exists', async () => {
    const missing = await sample.get('/storage/files/1.txt');
    expect(() => assertDownloadResponse(missing)).toThrow('status\n    expected: 200\n    actual:   404');
  });
});
