import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { StorageFile } from '../files/storage.file';
import { FileSystemStorage } from '../storage/file-system.storage';
import { FieldFile } from './field.file';

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe('FieldFile', () => {
  let location: string;
  let storage: FileSystemStorage;

  beforeAll(() => {
    location = fs.mkdtempSync(path.join(os.tmpdir(), 'downloadview-fieldfile-'));
    fs.writeFileSync(path.join(location, 'hello.txt'), 'Hello world!\n');
    storage = new FileSystemStorage({ location, baseUrl: '/media/' });
  });
  afterAll(() => fs.rmSync(location, { recursive: true, force: true }));

  it('is a StorageFile with the URL and path of its storage (offload rules match it)', () => {
    const file = new FieldFile(storage, 'hello.txt', { basename: 'greeting.txt' });
    expect(file).toBeInstanceOf(StorageFile);
    expect(file.getUrl()).toBe('/media/hello.txt');
    expect(file.getPath()).toBe(path.join(location, 'hello.txt'));
  });

  it('answers the basename, MIME type, charset and encoding it was given', () => {
    const file = new FieldFile(storage, 'hello.txt', { basename: 'a.csv', mimetype: 'text/csv', charset: 'latin1', encoding: 'gzip' });
    expect([file.getBasename(), file.getMimeType(), file.getCharset(), file.getEncoding()]).toEqual(['a.csv', 'text/csv', 'latin1', 'gzip']);
  });

  it('overrides the modification time the storage reports', async () => {
    const modifiedTime = new Date('2020-01-02T03:04:05Z');
    expect(await new FieldFile(storage, 'hello.txt', { modifiedTime }).stat()).toMatchObject({ size: 13, modifiedTime });
  });

  it('is missing when the storage has no such file, whatever its metadata says', async () => {
    expect(await new FieldFile(storage, 'nope.txt', { size: 3, modifiedTime: new Date() }).stat()).toBeNull();
  });

  it('sends the first `size` bytes when the size is smaller than the stored file', async () => {
    const file = new FieldFile(storage, 'hello.txt', { size: 5 });
    expect((await file.stat())?.size).toBe(5);
    expect(await read(await file.open())).toBe('Hello');
    expect(await read(await file.open({ start: 1, end: 2 }))).toBe('el');
  });

  it('sends nothing for a size of 0', async () => {
    const file = new FieldFile(storage, 'hello.txt', { size: 0 });
    expect((await file.stat())?.size).toBe(0);
    expect(await read(await file.open())).toBe('');
  });

  it('keeps the stored size, with a warning, when the size claims more bytes than the file has', async () => {
    const file = new FieldFile(storage, 'hello.txt', { size: 1000 });
    const warn = jest.spyOn((file as unknown as { logger: { warn(message: string): void } }).logger, 'warn').mockImplementation();
    expect((await file.stat())?.size).toBe(13);
    expect(warn).toHaveBeenCalledWith('hello.txt: the size column says 1000 bytes, the stored file has 13; sending the stored size');
    expect(await read(await file.open())).toBe('Hello world!\n');
  });
});
