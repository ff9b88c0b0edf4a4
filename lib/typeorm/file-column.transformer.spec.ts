import { PathFile } from '../files/path.file';
import { StorageFile } from '../files/storage.file';
import { FileSystemStorage } from '../storage/file-system.storage';
import { FileColumnTransformer } from './file-column.transformer';
import { UnboundStorage } from './unbound.storage';

describe('FileColumnTransformer', () => {
  const storage = new FileSystemStorage({ location: '/srv/media' });
  const own = new FileSystemStorage({ location: '/srv/own' });

  describe('to (writes and where values)', () => {
    const transformer = new FileColumnTransformer('Document.file');

    it('writes a StorageFile as its storage name, and passes a name through', () => {
      expect(transformer.to(new StorageFile(storage, 'object/a.txt'))).toBe('object/a.txt');
      expect(transformer.to(new StorageFile(storage, ['object', 'b.txt']))).toBe('object/b.txt');
      expect(transformer.to('object/c.txt')).toBe('object/c.txt');
    });

    it('writes null, an empty name and a StorageFile of "" as NULL, and leaves undefined alone', () => {
      expect(transformer.to(null)).toBeNull();
      expect(transformer.to('')).toBeNull();
      expect(transformer.to(new StorageFile(storage, ''))).toBeNull();
      expect(transformer.to(undefined)).toBeUndefined();
    });

    it("writes an empty file as '' in a column that is not nullable", () => {
      const required = new FileColumnTransformer('Document.file', { nullable: false });
      expect(required.to(null)).toBe('');
      expect(required.to(new StorageFile(storage, ''))).toBe('');
    });

    it('refuses a file wrapper that is not in a storage', () => {
      expect(() => transformer.to(new PathFile('/etc/hostname'))).toThrow(
        '@FileColumn() Document.file stores storage names: assign a StorageFile or a name, got a PathFile',
      );
    });

    it('passes other values (TypeORM operators) through', () => {
      const operator = { '@instanceof': Symbol.for('FindOperator'), value: ['a'] };
      expect(transformer.to(operator)).toBe(operator);
    });
  });

  describe('from (reads)', () => {
    it('reads NULL and an empty string as null, never as a wrapper of ""', () => {
      const transformer = new FileColumnTransformer('Document.file', { storage: own });
      expect(transformer.from(null)).toBeNull();
      expect(transformer.from(undefined)).toBeNull();
      expect(transformer.from('')).toBeNull();
    });

    it("hydrates a name into a StorageFile of the column's own storage", () => {
      const file = new FileColumnTransformer('Document.file', { storage: own }).from('object/a.txt')!;
      expect(file).toBeInstanceOf(StorageFile);
      expect(file.name).toBe('object/a.txt');
      expect(file.storage).toBe(own);
    });

    it('calls a storage function on each read', () => {
      const storageFn = jest.fn(() => own);
      const transformer = new FileColumnTransformer('Document.file', { storage: storageFn });
      transformer.from('a.txt');
      transformer.from('b.txt');
      expect(storageFn).toHaveBeenCalledTimes(2);
    });

    it('hydrates a column without a storage into a placeholder the application binds, one per column', () => {
      const transformer = new FileColumnTransformer('Document.file');
      const file = transformer.from('a.txt')!;
      expect(file.name).toBe('a.txt');
      expect(file.storage).toBeInstanceOf(UnboundStorage);
      expect(transformer.from('b.txt')!.storage).toBe(file.storage);
    });

    it('explains how to fix the use of a file no application bound', async () => {
      const file = new FileColumnTransformer('Document.file').from('a.txt')!;
      const message =
        '@FileColumn() Document.file was read while no DownloadModule with a storage is running for its DataSource: ' +
        'each application binds the file columns of its own DataSources to the storage of DownloadModule.forRoot({ storage }) while it runs ' +
        '(by itself when it has an @ObjectDownload() route, otherwise with DownloadModule.forRoot({ storage, resolvers: [TypeOrmFiles] })). ' +
        "Read entities through the application's DataSource after start-up, or give the column its own storage: @FileColumn({ storage }).";
      await expect(file.stat()).rejects.toThrow(message);
      await expect(file.open()).rejects.toThrow(message);
      expect(() => file.getUrl()).toThrow(message);
      expect(() => file.getPath()).toThrow(message);
      expect(file.seekable).toBe(false);
    });
  });
});
