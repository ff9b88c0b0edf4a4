import * as path from 'node:path';

/**
 * The sample's source folder. Compiled, the sample runs from
 * dist-sample/sample/, while its fixture and media files stay in sample/.
 */
function sampleDir(): string {
  const compiled = path.basename(path.dirname(__dirname)) === 'dist-sample';
  return compiled ? path.resolve(__dirname, '..', '..', 'sample') : __dirname;
}

export const SAMPLE_DIR = sampleDir();

/** Files served by path (django-downloadview's demo `fixtures/`). */
export const FIXTURES_DIR = path.join(SAMPLE_DIR, 'fixtures');

/** The folder of the sample's FileSystemStorage (Django's MEDIA_ROOT). */
export const MEDIA_ROOT = path.join(SAMPLE_DIR, 'media');

/** A text file that says "Hello world!". */
export const HELLO_WORLD_PATH = path.join(FIXTURES_DIR, 'hello-world.txt');
