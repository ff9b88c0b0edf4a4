import { Injectable } from '@nestjs/common';

export interface Note {
  id: string;
  text: string;
  updatedAt: Date;
}

/** Notes kept in memory: a stand-in for a database table or a cache. */
@Injectable()
export class NotesStore {
  private readonly notes = new Map<string, Note>([
    [
      'welcome',
      {
        id: 'welcome',
        text: '# Welcome\n\nThis note lives in memory and downloads as welcome.md.\n',
        updatedAt: new Date('2024-01-01T00:00:00Z'),
      },
    ],
  ]);

  find(id: string): Note | undefined {
    return this.notes.get(id);
  }
}
