import { FileSystemStorage } from '../storage/file-system.storage';
import { FileStorageRegistry } from './file-storage.registry';

describe('FileStorageRegistry', () => {
  const first = new FileSystemStorage({ location: '/srv/first' });
  const second = new FileSystemStorage({ location: '/srv/second' });

  it('has no storage until one is bound', () => {
    expect(new FileStorageRegistry().current()).toBeUndefined();
  });

  it('answers the storage bound last, and the previous one once it is released', () => {
    const registry = new FileStorageRegistry();
    const releaseFirst = registry.bind(first);
    const releaseSecond = registry.bind(second);
    expect(registry.current()).toBe(second);
    releaseSecond();
    expect(registry.current()).toBe(first);
    releaseFirst();
    expect(registry.current()).toBeUndefined();
  });

  it('releases exactly its own binding, in any order and only once', () => {
    const registry = new FileStorageRegistry();
    const releaseFirst = registry.bind(first);
    const releaseAgain = registry.bind(first);
    registry.bind(second);
    releaseFirst();
    releaseFirst();
    expect(registry.current()).toBe(second);
    releaseAgain();
    expect(registry.current()).toBe(second);
  });
});
