import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/** Bytes of the body every faulty answer announces (or starts to send). */
export const FAULT_BODY = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz'.repeat(4));

/** The body sent byte by byte within the timeout. */
export const TRICKLE_BODY = Buffer.from('slow but alive, byte by byte\n');

export interface FaultyOrigin {
  url: string;
  /** Sockets accepted and not closed yet. */
  open: Set<net.Socket>;
  /** How many requests each path received. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const head = (status: string, headers: Record<string, string | number>) =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`;

/**
 * An origin written with `net`, byte by byte, so that it can break HTTP the
 * ways a real one does: a reset, a stall in the middle of the body, fewer or
 * more bytes than its Content-Length, a redirect loop, bytes sent slowly.
 * Every timer it starts stops when its socket closes; close() destroys
 * every socket it still holds.
 */
export async function startFaultyOrigin(byteInterval: { slow: number; fast: number }): Promise<FaultyOrigin> {
  const open = new Set<net.Socket>();
  const hits = new Map<string, number>();

  /** Writes `bytes` one at a time, `interval` ms apart; stops when the socket closes. */
  const trickle = (socket: net.Socket, bytes: Buffer, interval: number, then?: () => void) => {
    let index = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write(bytes.subarray(index, index + 1));
      index++;
      if (index >= bytes.length) {
        clearInterval(timer);
        then?.();
      }
    }, interval);
    socket.once('close', () => clearInterval(timer));
  };

  const answer = (socket: net.Socket, path: string) => {
    const ok = (length: number, extra: Record<string, string> = {}) =>
      head('200 OK', { 'content-type': 'application/octet-stream', 'content-length': length, ...extra });
    switch (path) {
      case '/ok':
        return socket.end(ok(FAULT_BODY.length, { connection: 'close' }) + FAULT_BODY.toString());
      case '/reset-before-headers':
        return socket.resetAndDestroy();
      case '/reset-mid-body':
        socket.write(ok(FAULT_BODY.length) + FAULT_BODY.subarray(0, 40).toString());
        setTimeout(() => socket.resetAndDestroy(), 30);
        return;
      case '/stall-before-body':
        // Headers, then nothing: the socket stays open.
        return socket.write(ok(FAULT_BODY.length));
      case '/stall-mid-body':
        return socket.write(ok(FAULT_BODY.length) + FAULT_BODY.subarray(0, 40).toString());
      case '/fewer-bytes':
        // Announces the whole body, sends part of it, closes cleanly (FIN).
        return socket.end(ok(FAULT_BODY.length) + FAULT_BODY.subarray(0, 40).toString());
      case '/more-bytes':
        // Announces 40 bytes, sends them and more, on a connection it keeps open.
        return socket.write(ok(40) + FAULT_BODY.toString());
      case '/loop-a':
        return socket.end(head('302 Found', { location: '/loop-b', 'content-length': 0, connection: 'close' }));
      case '/loop-b':
        return socket.end(head('302 Found', { location: '/loop-a', 'content-length': 0, connection: 'close' }));
      case '/loop-self':
        return socket.end(head('301 Moved Permanently', { location: '/loop-self', 'content-length': 0, connection: 'close' }));
      case '/slow-headers':
        // The whole answer byte by byte, slower than the app's timeout allows for the headers.
        return trickle(socket, Buffer.concat([Buffer.from(ok(FAULT_BODY.length)), FAULT_BODY]), byteInterval.slow);
      case '/slow-body':
        // Headers at once, then the body byte by byte, each byte later than the timeout.
        socket.write(ok(FAULT_BODY.length));
        return trickle(socket, FAULT_BODY, byteInterval.slow);
      case '/slow-body-after-first':
        // Headers and a first byte at once, then the rest too slowly.
        socket.write(ok(FAULT_BODY.length) + FAULT_BODY.subarray(0, 1).toString());
        return trickle(socket, FAULT_BODY.subarray(1), byteInterval.slow);
      case '/trickle':
        // Byte by byte, each well within the timeout, the whole longer than it: slow, yet alive.
        socket.write(ok(TRICKLE_BODY.length));
        return trickle(socket, TRICKLE_BODY, byteInterval.fast, () => socket.end());
      default:
        return socket.end(head('404 Not Found', { 'content-length': 0 }));
    }
  };

  const server = net.createServer((socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.resume(); // whatever else comes is ignored
      const path = received.slice(0, received.indexOf('\r\n')).split(' ')[1] ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      answer(socket, path);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    open,
    hits,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
