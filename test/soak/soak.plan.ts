import { PROTECTED_FILES, PROTECTED_LOCATION, SERVED_FILES } from './soak.fixture';
import { originEtag } from './origin';

/** mulberry32: a small seeded PRNG, so that a run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where an aborted request is cut by the client. */
export type AbortPoint = 'before-headers' | 'on-headers' | 'mid-body';

/** What a complete answer must be. */
export type Expected =
  | { kind: 'bytes'; body: Buffer }
  | { kind: 'multipart'; parts: Buffer[] }
  | { kind: 'empty'; length?: number; header?: [string, string] }
  | { kind: 'any' };

export interface PlannedRequest {
  index: number;
  label: string;
  method: 'GET' | 'HEAD';
  path: string;
  headers: Record<string, string>;
  status: number;
  expected: Expected;
  abort?: { point: AbortPoint; /** ms before-headers, or bytes mid-body */ at: number };
}

export interface PlanInputs {
  contents: Map<string, Buffer>;
  virtualText: Buffer;
  generated: Buffer;
  /** ETags the app gives each streamed file (learned from a first GET). */
  etags: Map<string, string>;
}

type Maker = (pick: <T>(items: T[]) => T, int: (below: number) => number) => Omit<PlannedRequest, 'index' | 'abort'>;

/** Every kind of request of the soak run, with the status and body each must get. */
export function requestKinds(inputs: PlanInputs): Array<[string, Maker]> {
  const names = Object.keys(SERVED_FILES);
  const bytesOf = (name: string) => inputs.contents.get(name)!;
  const range = (int: (below: number) => number, size: number) => {
    const start = int(size);
    const end = start + int(size - start);
    return { start, end };
  };
  const streamed = (prefix: 'path' | 'storage'): Array<[string, Maker]> => [
    [`${prefix} GET`, (pick) => {
      const name = pick(names);
      return { label: `${prefix} GET`, method: 'GET', path: `/${prefix}/${name}`, headers: {}, status: 200, expected: { kind: 'bytes', body: bytesOf(name) } };
    }],
    [`${prefix} Range`, (pick, int) => {
      const name = pick(names);
      const { start, end } = range(int, bytesOf(name).length);
      return {
        label: `${prefix} Range`, method: 'GET', path: `/${prefix}/${name}`, headers: { range: `bytes=${start}-${end}` },
        status: 206, expected: { kind: 'bytes', body: bytesOf(name).subarray(start, end + 1) },
      };
    }],
  ];
  return [
    ...streamed('path'),
    ...streamed('storage'),
    ['path multipart Range', (pick, int) => {
      const name = pick(names.filter((n) => bytesOf(n).length > 1024));
      const size = bytesOf(name).length;
      const a = range(int, size / 2);
      const b = { start: size / 2 + int(size / 4), end: size / 2 + size / 4 + int(size / 4) };
      return {
        label: 'path multipart Range', method: 'GET', path: `/path/${name}`, headers: { range: `bytes=${a.start}-${a.end},${b.start}-${b.end}` },
        status: 206, expected: { kind: 'multipart', parts: [bytesOf(name).subarray(a.start, a.end + 1), bytesOf(name).subarray(b.start, b.end + 1)] },
      };
    }],
    ['path HEAD', (pick) => {
      const name = pick(names);
      return { label: 'path HEAD', method: 'HEAD', path: `/path/${name}`, headers: {}, status: 200, expected: { kind: 'empty', length: bytesOf(name).length } };
    }],
    ['path 304', (pick) => {
      const name = pick(names);
      return { label: 'path 304', method: 'GET', path: `/path/${name}`, headers: { 'if-none-match': inputs.etags.get(name)! }, status: 304, expected: { kind: 'empty' } };
    }],
    ['path 404', () => ({ label: 'path 404', method: 'GET', path: '/path/missing.txt', headers: {}, status: 404, expected: { kind: 'any' } })],
    ['path 416', (pick) => {
      const name = pick(names);
      return { label: 'path 416', method: 'GET', path: `/path/${name}`, headers: { range: `bytes=${bytesOf(name).length + 10}-` }, status: 416, expected: { kind: 'any' } };
    }],
    ['virtual text', () => ({ label: 'virtual text', method: 'GET', path: '/virtual/text', headers: {}, status: 200, expected: { kind: 'bytes', body: inputs.virtualText } })],
    ['virtual generated', () => ({ label: 'virtual generated', method: 'GET', path: '/virtual/generated', headers: {}, status: 200, expected: { kind: 'bytes', body: inputs.generated } })],
    ['http GET', (pick) => {
      const name = pick(names);
      return { label: 'http GET', method: 'GET', path: `/http/${name}`, headers: {}, status: 200, expected: { kind: 'bytes', body: bytesOf(name) } };
    }],
    ['http Range', (pick, int) => {
      const name = pick(names);
      const { start, end } = range(int, bytesOf(name).length);
      return {
        label: 'http Range', method: 'GET', path: `/http/${name}`, headers: { range: `bytes=${start}-${end}` },
        status: 206, expected: { kind: 'bytes', body: bytesOf(name).subarray(start, end + 1) },
      };
    }],
    ['http HEAD', (pick) => {
      const name = pick(names);
      return { label: 'http HEAD', method: 'HEAD', path: `/http/${name}`, headers: {}, status: 200, expected: { kind: 'empty', length: bytesOf(name).length } };
    }],
    ['http 304', (pick) => {
      const name = pick(names);
      return { label: 'http 304', method: 'GET', path: `/http/${name}`, headers: { 'if-none-match': originEtag(name) }, status: 304, expected: { kind: 'empty' } };
    }],
    ['http 404', () => ({ label: 'http 404', method: 'GET', path: '/http/missing.txt', headers: {}, status: 404, expected: { kind: 'any' } })],
    ['offloaded', (pick) => {
      const name = pick(PROTECTED_FILES);
      return {
        label: 'offloaded', method: 'GET', path: `/offload/${name}`, headers: {}, status: 200,
        expected: { kind: 'empty', header: ['x-accel-redirect', `${PROTECTED_LOCATION}${name}`] },
      };
    }],
    ['offloaded HEAD', (pick) => {
      const name = pick(PROTECTED_FILES);
      return {
        label: 'offloaded HEAD', method: 'HEAD', path: `/offload/${name}`, headers: {}, status: 200,
        expected: { kind: 'empty', header: ['x-accel-redirect', `${PROTECTED_LOCATION}${name}`] },
      };
    }],
  ];
}

/** `count` requests drawn from every kind, a third of them aborted at a random point. */
export function planRequests(count: number, seed: number, inputs: PlanInputs): PlannedRequest[] {
  const random = prng(seed);
  const int = (below: number) => Math.floor(random() * Math.max(1, below));
  const pick = <T>(items: T[]): T => items[int(items.length)];
  const kinds = requestKinds(inputs);
  const points: AbortPoint[] = ['before-headers', 'on-headers', 'mid-body'];
  return Array.from({ length: count }, (_, index) => {
    // Round robin over the kinds (each gets its share), the rest drawn at random.
    const [, make] = kinds[index % kinds.length];
    const request: PlannedRequest = { index, ...make(pick, int) };
    if (random() < 1 / 3) {
      // Mid-body only where there is a body to cut: at a byte inside it.
      const length = bodyLength(request.expected);
      const point = pick(length > 1 ? points : points.slice(0, 2));
      request.abort = { point, at: point === 'before-headers' ? int(3) : point === 'mid-body' ? 1 + int(length - 1) : 0 };
    }
    return request;
  });
}

function bodyLength(expected: Expected): number {
  if (expected.kind === 'bytes') return expected.body.length;
  if (expected.kind === 'multipart') return expected.parts.reduce((sum, part) => sum + part.length, 0);
  return 0;
}
