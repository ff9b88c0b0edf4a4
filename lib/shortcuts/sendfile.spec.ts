import * as path from 'node:path';
import { PathFile } from '../files/path.file';
import { DownloadResponse } from '../response/download.response';
import { sendfile } from './sendfile';

describe('sendfile', () => {
  it('answers a PathFile shown inline by default, as django-sendfile does', () => {
    const file = sendfile('/srv/files/report.pdf');
    expect(file).toBeInstanceOf(PathFile);
    expect(file.getPath()).toBe('/srv/files/report.pdf');
    const headers = new DownloadResponse(file).defaultHeaders();
    expect(headers['content-disposition']).toBe('inline; filename="report.pdf"');
    expect(headers['content-type']).toBe('application/pdf');
  });

  it('carries attachment, attachmentFilename, mimetype and encoding over the decorator\'s options', () => {
    const file = sendfile('/srv/files/data.bin', {
      attachment: true,
      attachmentFilename: 'export 2024.csv.gz',
      mimetype: 'text/csv',
      encoding: 'gzip',
    });
    const response = new DownloadResponse(file, { attachment: false, basename: 'other.txt', mimetype: 'text/plain' });
    expect(response.defaultHeaders()).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="export 2024.csv.gz"',
      'content-encoding': 'gzip',
    });
  });

  it('keeps its inline default over @Download({ attachment: true }), as the wrapper\'s values win', () => {
    // django-sendfile's default (inline) is explicit on the wrapper, so @Download({ attachment: true }) does not change it.
    expect(new DownloadResponse(sendfile('/a.txt'), { attachment: true }).attachment).toBe(false);
  });

  it('confines a user-supplied name to root', () => {
    const root = path.resolve('/srv/files');
    expect(sendfile('sub/a.txt', { root }).getPath()).toBe(path.join(root, 'sub/a.txt'));
    expect(sendfile(['sub', 'a.txt'], { root }).getPath()).toBe(path.join(root, 'sub/a.txt'));
    for (const name of ['../etc/passwd', '%2e%2e/x', '/etc/passwd', 'a\0b']) {
      expect(sendfile(name, { root }).getPath()).toBeUndefined();
    }
  });
});
