import { Readable } from 'node:stream';
import { type ByteRange, DownloadFile, type FileStat } from 'nestjs-downloadview';
import type { Note, NotesStore } from './notes.store';

// docs:start note-file
/**
 * A wrapper written from scratch: a note of the NotesStore as `<id>.md`.
 * `loadStat()` looks once per request (null: 404); `open()` sends the bytes
 * or one range of them, which `seekable` allows.
 */
export class NoteFile extends DownloadFile {
  private note?: Note;

  constructor(
    private readonly notes: NotesStore,
    readonly id: string,
  ) {
    super(id);
  }

  override get seekable(): boolean {
    return true;
  }

  override getDefaultBasename(): string {
    return `${this.id}.md`;
  }

  protected async loadStat(): Promise<FileStat | null> {
    this.note = this.notes.find(this.id);
    if (!this.note) return null;
    return { size: Buffer.byteLength(this.note.text), modifiedTime: this.note.updatedAt };
  }

  async open(range?: ByteRange): Promise<Readable> {
    const bytes = Buffer.from(this.note?.text ?? '');
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes], { objectMode: false });
  }
}
// docs:end note-file
