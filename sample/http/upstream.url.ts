import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';

/**
 * URLs of the sample's own `/upstream/` endpoint, built from the address the
 * app listens on (never from the request's Host header, which the client
 * chooses). It stands in for a remote server, so the example needs no internet.
 */
@Injectable()
export class UpstreamUrl {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** e.g. `http://127.0.0.1:3000/upstream/hello-world.txt` */
  of(name: string): string {
    const server = this.adapterHost.httpAdapter.getHttpServer();
    const { address, port } = server.address() as AddressInfo;
    const host =
      address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;
    return `http://${host}:${port}/upstream/${encodeURIComponent(name)}`;
  }
}
