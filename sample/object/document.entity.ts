import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FileColumn, type StorageFile } from 'nestjs-downloadview';

// docs:start entity
/** The demo's Document (django-downloadview's demoproject.object.models.Document). */
@Entity()
export class Document {
  @PrimaryGeneratedColumn() id!: number;

  @Column({ type: 'varchar', unique: true }) slug!: string;

  /** Stores the storage name; reads back as a StorageFile (or null). */
  @FileColumn() file!: StorageFile | null;

  @FileColumn() anotherFile!: StorageFile | null;

  /** The name the client sees, kept in the database rather than in the storage. */
  @Column({ type: 'varchar', nullable: true }) basename!: string | null;

  @Column({ type: 'varchar', nullable: true }) mimeType!: string | null;
  @Column({ type: 'varchar', nullable: true }) charset!: string | null;
  @Column({ type: 'varchar', nullable: true }) encoding!: string | null;
  @Column({ type: Date, nullable: true }) modifiedAt!: Date | null;
  @Column({ type: 'integer', nullable: true }) size!: number | null;

  @Column({ type: 'boolean', default: true }) published!: boolean;

  /** Who may download it on the `mine/` route. */
  @Column({ type: 'varchar', nullable: true }) owner!: string | null;
}
// docs:end entity
