import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { FileColumn, FileSystemStorage, type StorageFile } from 'nestjs-downloadview';

/** A document with a file and every metadata column an object download can honour. */
@Entity()
export class Document {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', unique: true }) slug!: string;
  @FileColumn() file!: StorageFile | null;
  @FileColumn() anotherFile!: StorageFile | null;
  @Column({ type: 'varchar', nullable: true }) basename!: string | null;
  @Column({ type: 'varchar', nullable: true }) mimeType!: string | null;
  @Column({ type: 'varchar', nullable: true }) charset!: string | null;
  @Column({ type: 'varchar', nullable: true }) encoding!: string | null;
  @Column({ type: Date, nullable: true }) modifiedAt!: Date | null;
  @Column({ type: 'integer', nullable: true }) size!: number | null;
  @Column({ type: 'boolean', default: true }) published!: boolean;
  @Column({ type: 'varchar', nullable: true }) owner!: string | null;

  /** A basename computed from other columns (Django: "a model's property"). */
  get title(): string {
    return `${this.slug}.txt`;
  }
}

/** An entity keyed by UUID whose file is a plain storage name, not a FileColumn. */
@Entity()
export class Attachment {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'varchar', nullable: true }) path!: string | null;
}

/** The folder of {@link ARCHIVE_STORAGE}: set by the suite before the app starts. */
export const archive = { location: '' };

const archiveStorage = () => new FileSystemStorage({ location: archive.location });

/** An entity whose file columns have a storage of their own (not the module's). */
@Entity()
export class ArchivedReport {
  @PrimaryGeneratedColumn() id!: number;
  @FileColumn({ storage: archiveStorage }) file!: StorageFile | null;
  @FileColumn({ storage: archiveStorage, nullable: false, length: 100 }) required!: StorageFile | null;
}

export const ENTITIES = [Document, Attachment, ArchivedReport];
