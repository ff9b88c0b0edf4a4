import type { Server } from 'node:http';
import { filesDir } from './files-dir';

interface ExpressLike {
  get(path: string, handler: (req: { params: Record<string, string> }, res: SendFileResponse) => void): void;
  listen(port: number, host: string, done: () => void): Server;
}
interface SendFileResponse {
  sendFile(name: string, options: { root: string }, done: (err?: Error) => void): void;
  sendStatus(status: number): void;
  headersSent: boolean;
}

/** Plain Express 5 (no Nest) answering with `res.sendFile()`: the bar P1 and P2 set. */
export function startExpressSendFile(): Promise<Server> {
  // express ships no types here (no @types/express installed): a narrow local shape is enough.
  const express = require('express') as () => ExpressLike;
  const app = express();
  const root = filesDir();
  // docs:start bench-sendfile
  app.get('/files/:name', (req, res) => {
    res.sendFile(req.params.name, { root }, (err) => {
      if (err && !res.headersSent) res.sendStatus(404);
    });
  });
  // docs:end bench-sendfile
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}
