import { Test } from '@nestjs/testing';
import { DownloadModule } from '../download.module';
import { UrlSigner } from '../signing/url-signer.service';
import { FileSystemStorage } from './file-system.storage';
import { StorageService } from './storage.service';

describe('StorageService.signedUrl', () => {
  it('signs the storage URL of a file, which then verifies', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DownloadModule.forRoot({
          storage: new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' }),
          signing: { secrets: ['s'.repeat(32)] },
        }),
      ],
    }).compile();
    const storage = moduleRef.get(StorageService);
    const url = storage.signedUrl('notes/café menu.txt', { ttl: 60 });
    expect(url).toMatch(/^\/media\/notes\/caf%C3%A9%20menu\.txt\?expires=\d+&signature=[\w-]{43}$/);
    expect(moduleRef.get(UrlSigner).verify(url as string).valid).toBe(true);
    await moduleRef.close();
  });

  it('answers undefined for a storage without baseUrl, and for a refused name', () => {
    const signer = new UrlSigner({ signing: { secrets: ['s'.repeat(32)] } });
    expect(new StorageService(new FileSystemStorage({ location: '/srv/media' }), signer).signedUrl('a.txt')).toBeUndefined();
    const published = new StorageService(new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' }), signer);
    expect(published.signedUrl('../a.txt')).toBeUndefined();
  });
});
