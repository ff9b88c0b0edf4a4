import { PathFile } from '../files/path.file';
import { StorageFile } from '../files/storage.file';
import { FileSystemStorage } from '../storage/file-system.storage';
import { bindFileColumns, FileColumnSubscriber } from './file-column.binding';
import { FileColumnTransformer } from './file-column.transformer';

describe('bindFileColumns', () => {
  const first = new FileSystemStorage({ location: '/srv/first' });
  const second = new FileSystemStorage({ location: '/srv/second' });
  const own = new FileSystemStorage({ location: '/srv/own' });
  const bound = new FileColumnTransformer('Document.file');
  const withOwn = new FileColumnTransformer('Document.archived', { storage: own });

  /** A column of TypeORM's metadata, as the subscriber uses it. */
  const column = (property: string) => ({
    getEntityValue: (entity: Record<string, unknown>) => entity[property],
    setEntityValue: (entity: Record<string, unknown>, value: unknown) => (entity[property] = value),
  });
  const metadata = { columns: [column('file'), column('archived'), column('other'), column('path')] };

  /** An entity as TypeORM hydrates it, then the afterLoad of the DataSource's subscribers. */
  function load(dataSource: { subscribers: object[] }) {
    const entity: Record<string, unknown> = {
      file: bound.from('a.txt'),
      archived: withOwn.from('b.txt'),
      other: 'plain',
      path: new PathFile('/etc/hostname'),
    };
    for (const subscriber of dataSource.subscribers) (subscriber as FileColumnSubscriber).afterLoad?.(entity, { metadata });
    return entity;
  }

  it("gives the files of a column without a storage the bound storage, and leaves every other value alone", () => {
    const dataSource = { subscribers: [] as object[] };
    bindFileColumns(dataSource, first);
    const entity = load(dataSource);
    expect(entity.file).toBeInstanceOf(StorageFile);
    expect((entity.file as StorageFile).storage).toBe(first);
    expect((entity.file as StorageFile).name).toBe('a.txt');
    expect((entity.archived as StorageFile).storage).toBe(own);
    expect(entity.other).toBe('plain');
    expect(entity.path).toBeInstanceOf(PathFile);
  });

  it('binds each DataSource to its own storage', () => {
    const one = { subscribers: [] as object[] };
    const two = { subscribers: [] as object[] };
    bindFileColumns(one, first);
    bindFileColumns(two, second);
    expect((load(one).file as StorageFile).storage).toBe(first);
    expect((load(two).file as StorageFile).storage).toBe(second);
  });

  it('adds one subscriber per DataSource, before the others, and removes it with the last binding', () => {
    const other = { afterLoad: jest.fn() };
    const dataSource = { subscribers: [other] as object[] };
    const releaseFirst = bindFileColumns(dataSource, first);
    const releaseSecond = bindFileColumns(dataSource, second);
    expect(dataSource.subscribers).toHaveLength(2);
    expect(dataSource.subscribers[0]).toBeInstanceOf(FileColumnSubscriber);
    expect((load(dataSource).file as StorageFile).storage).toBe(second);
    releaseSecond();
    releaseSecond();
    expect((load(dataSource).file as StorageFile).storage).toBe(first);
    releaseFirst();
    expect(dataSource.subscribers).toEqual([other]);
    expect((load(dataSource).file as StorageFile).storage).not.toBe(first);
  });

  it('releases exactly its own binding, in any order', () => {
    const dataSource = { subscribers: [] as object[] };
    const releaseFirst = bindFileColumns(dataSource, first);
    bindFileColumns(dataSource, second);
    releaseFirst();
    expect((load(dataSource).file as StorageFile).storage).toBe(second);
  });
});
