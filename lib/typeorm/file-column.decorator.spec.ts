import { getMetadataArgsStorage } from 'typeorm';
import type { StorageFile } from '../files/storage.file';
import { FileSystemStorage } from '../storage/file-system.storage';
import { FileColumn } from './file-column.decorator';
import { FileColumnTransformer } from './file-column.transformer';

class Upload {
  @FileColumn() file!: StorageFile | null;
  @FileColumn({ nullable: false, length: 100, name: 'stored_name', storage: new FileSystemStorage({ location: '/srv' }) })
  other!: StorageFile | null;
}

function columnOf(property: string) {
  return getMetadataArgsStorage().columns.find((column) => column.target === Upload && column.propertyName === property)!;
}

describe('@FileColumn()', () => {
  it('declares a nullable varchar(255) column with the file transformer', () => {
    const { options } = columnOf('file');
    expect(options).toMatchObject({ type: 'varchar', length: 255, nullable: true });
    expect(options.transformer).toBeInstanceOf(FileColumnTransformer);
    expect((options.transformer as FileColumnTransformer).column).toBe('Upload.file');
  });

  it('passes column options through, but never lets the type change', () => {
    const { options } = columnOf('other');
    expect(options).toMatchObject({ type: 'varchar', length: 100, nullable: false, name: 'stored_name' });
    expect(options).not.toHaveProperty('storage');
    expect((options.transformer as FileColumnTransformer).to(null)).toBe('');
  });
});
