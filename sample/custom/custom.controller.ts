import { Controller, Get, Param } from '@nestjs/common';
import { Download } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { NoteFile } from './note.file';
import { NotesStore } from './notes.store';

/** A wrapper of the application's own (django-downloadview's "make your own view"). */
@Controller('custom')
export class CustomController {
  constructor(private readonly notes: NotesStore) {}

  // docs:start note
  @Get('notes/:id')
  @Download()
  @Example('/custom/notes/welcome', 'a note from an in-memory store, through a custom wrapper')
  note(@Param('id') id: string) {
    return new NoteFile(this.notes, id);
  }
  // docs:end note
}
