import {
  type CanActivate,
  Controller,
  Get,
  Injectable,
  Param,
  ParseIntPipe,
  Query,
  UseGuards,
} from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Download } from '../decorators/download.decorator';
import { WildcardPath } from '../decorators/wildcard-path.decorator';
import { DownloadModule } from '../download.module';
import { PathFile } from '../files/path.file';
import { StorageFile } from '../files/storage.file';
import { StorageService } from '../storage/storage.service';
import { setupView } from './setup-view';
import { temporaryMediaRoot, type TemporaryMediaRoot } from './temporary-media-root';

@Injectable()
class DenyAll implements CanActivate {
  canActivate(): boolean {
    throw new Error('guards must not run in setupView');
  }
}

@Controller('reports')
class ReportsController {
  constructor(private readonly storage: StorageService) {}

  @Get(':year/:id')
  @Download()
  byId(@Param('year', ParseIntPipe) year: number, @Param('id') id: string, @Query('format') format = 'csv') {
    return new PathFile(`${year}/${id.toUpperCase()}.${format}`, { root: '/srv/reports' });
  }

  @Get('files/*')
  @Download()
  @UseGuards(DenyAll)
  byName(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }
}

describe('setupView', () => {
  let media: TemporaryMediaRoot;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    media = temporaryMediaRoot();
    moduleRef = await Test.createTestingModule({
      imports: [DownloadModule.forRoot({ storage: media.storage })],
      controllers: [ReportsController],
    }).compile();
  });
  afterAll(async () => {
    await moduleRef.close();
    await media.cleanup();
  });

  it('calls the handler with route params through its pipes and answers the wrapper', async () => {
    const file = await setupView(moduleRef, ReportsController, 'byId', {
      params: { year: '2024', id: 'q3' },
      query: { format: 'pdf' },
    });
    expect(file).toBeInstanceOf(PathFile);
    expect(file.name).toBe('2024/Q3.pdf');
    expect(file.getPath()).toBe('/srv/reports/2024/Q3.pdf');
  });

  it('lets the pipes refuse a param as they would on a request', async () => {
    await expect(setupView(moduleRef, ReportsController, 'byId', { params: { year: 'last', id: 'q3' } })).rejects.toThrow(
      'Validation failed (numeric string is expected)',
    );
  });

  it('reads a wildcard tail given as segments, without running guards', async () => {
    const file = await setupView(moduleRef, ReportsController, 'byName', { params: { path: ['notes', 'café menu.txt'] } });
    expect(file).toBeInstanceOf(StorageFile);
    expect(file.name).toBe('notes/café menu.txt');
    expect(file.getPath()).toBe(`${media.location}/notes/café menu.txt`);
  });

  it('reads a Fastify-style `*` tail too', async () => {
    const file = await setupView(moduleRef, ReportsController, 'byName', { params: { '*': 'a/b.txt' } });
    expect(file.name).toBe('a/b.txt');
  });

  it('says so when the controller is not part of the module', async () => {
    class Elsewhere {
      handle() {
        return null;
      }
    }
    await expect(setupView(moduleRef, Elsewhere, 'handle')).rejects.toThrow(
      'setupView: Elsewhere is not a controller of this module (add it to `controllers`)',
    );
  });

  it('refuses a name that is not a method', async () => {
    await expect(setupView(moduleRef, ReportsController, 'storage' as never)).rejects.toThrow(
      'setupView: ReportsController.storage is not a method',
    );
  });
});
