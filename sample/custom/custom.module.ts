import { Module } from '@nestjs/common';
import { CustomController } from './custom.controller';
import { NotesStore } from './notes.store';

/** A custom file wrapper (NoteFile) over an in-memory store. */
@Module({ controllers: [CustomController], providers: [NotesStore] })
export class CustomModule {}
