import type { NodeServerKind } from './servers/server-kinds';

/** Something the load tool hits: one server, or nginx in front of one. */
export interface Subject {
  id: SubjectId;
  label: string;
  /** Base URL; requests go to `${url}/files/<name>`. */
  url: string;
  /** The Node process whose memory is reported (not nginx's). */
  pid?: number;
  /** Every process that works for this subject's answers (nginx workers and the app behind), for CPU per request. */
  pids: number[];
  /** `answer`: the app's empty X-Accel-Redirect answer itself, without nginx (13 B only); `json`: a small JSON answer (P8). */
  role: 'streams' | 'nginx' | 'answer' | 'json';
  /** The only file sizes (labels such as `1 MiB`) this subject is measured on; every size when absent. */
  files?: readonly string[];
  /** Path and query requested for a file, instead of `/files/<name>` (a signed link issued before the load). */
  pathFor?: (name: string) => string;
}

export type SubjectId =
  | 'library-express'
  | 'library-fastify'
  | 'express-sendfile'
  | 'streamable-express'
  | 'streamable-fastify'
  | 'nginx-static'
  | 'nginx-offload'
  | 'nginx-hand'
  | 'nginx-offload-fastify'
  | 'nginx-hand-fastify'
  | 'offload-answer'
  | 'decision-answer'
  | 'hand-answer'
  | 'hand-answer-intercepted'
  | 'streamable-converted-express'
  | 'streamable-converted-fastify'
  | 'json-module-express'
  | 'json-noop-express'
  | 'json-module-fastify'
  | 'json-noop-fastify'
  | 'nginx-same-library'
  | 'nginx-same-hand'
  | 'nginx-same-streamable'
  | 'nginx-same-library-fastify'
  | 'nginx-same-hand-fastify'
  | 'nginx-same-streamable-fastify'
  | 'zip-express'
  | 'zip-fastify'
  | 's3-library-express'
  | 's3-library-fastify'
  | 's3-hand-express'
  | 's3-hand-fastify'
  | 's3-nginx-offload-express'
  | 's3-nginx-offload-fastify'
  | 's3-nginx-direct'
  | 'links-nginx-static'
  | 'links-nginx-verified'
  | 'links-nginx-static-nofollow'
  | 'links-lighttpd-static-nofollow'
  | 'links-lighttpd-static'
  | 'links-lighttpd-verified';

export const SUBJECT_LABELS: Record<SubjectId, string> = {
  'library-express': 'library streaming, Express',
  'library-fastify': 'library streaming, Fastify',
  'express-sendfile': 'Express res.sendFile',
  'streamable-express': 'Nest StreamableFile, Express',
  'streamable-fastify': 'Nest StreamableFile, Fastify',
  'nginx-static': 'nginx static',
  'nginx-offload': 'nginx + library X-Accel-Redirect',
  'nginx-hand': 'nginx + hand-written X-Accel-Redirect',
  'nginx-offload-fastify': 'nginx + library X-Accel-Redirect, Fastify',
  'nginx-hand-fastify': 'nginx + hand-written X-Accel-Redirect, Fastify',
  'offload-answer': 'library X-Accel answer (no nginx)',
  'decision-answer': 'library decision in a plain handler',
  'hand-answer': 'hand-written X-Accel answer (no nginx)',
  'hand-answer-intercepted': 'hand-written answer + no-op interceptor',
  'streamable-converted-express': 'StreamableFile served by the library, Express',
  'streamable-converted-fastify': 'StreamableFile served by the library, Fastify',
  'json-module-express': 'JSON route + DownloadModule, Express',
  'json-noop-express': 'JSON route + no-op interceptor, Express',
  'json-module-fastify': 'JSON route + DownloadModule, Fastify',
  'json-noop-fastify': 'JSON route + no-op interceptor, Fastify',
  'nginx-same-library': 'nginx + one app: library @Download()',
  'nginx-same-hand': 'nginx + one app: hand-written X-Accel',
  'nginx-same-streamable': 'nginx + one app: StreamableFile offloaded',
  'nginx-same-library-fastify': 'nginx + one app: library @Download(), Fastify',
  'nginx-same-hand-fastify': 'nginx + one app: hand-written X-Accel, Fastify',
  'nginx-same-streamable-fastify': 'nginx + one app: StreamableFile offloaded, Fastify',
  'zip-express': 'library ZipFile, Express',
  'zip-fastify': 'library ZipFile, Fastify',
  's3-library-express': 'library S3Storage, Express',
  's3-library-fastify': 'library S3Storage, Fastify',
  's3-hand-express': 'hand-written GetObject pipe, Express',
  's3-hand-fastify': 'hand-written GetObject pipe, Fastify',
  's3-nginx-offload-express': 'nginx + library S3 offload, Express',
  's3-nginx-offload-fastify': 'nginx + library S3 offload, Fastify',
  's3-nginx-direct': 'nginx proxying S3 directly',
  'links-nginx-static': 'generated nginx config: static',
  'links-nginx-verified': 'generated nginx config: verified link',
  'links-lighttpd-static': 'generated lighttpd config: static',
  'links-lighttpd-verified': 'generated lighttpd config: verified link',
  'links-nginx-static-nofollow': 'generated nginx config: static, symlinks refused',
  'links-lighttpd-static-nofollow': 'generated lighttpd config: static, symlinks refused',
};

/** The Node server each streaming subject runs on. */
export const STREAMING_KINDS: Partial<Record<SubjectId, NodeServerKind>> = {
  'library-express': 'library-express',
  'library-fastify': 'library-fastify',
  'express-sendfile': 'express-sendfile',
  'streamable-express': 'streamable-express',
  'streamable-fastify': 'streamable-fastify',
  'offload-answer': 'offload-express',
  'decision-answer': 'offload-in-handler',
  'hand-answer': 'hand-xaccel',
  'hand-answer-intercepted': 'hand-xaccel-intercepted',
  'streamable-converted-express': 'streamable-converted-express',
  'streamable-converted-fastify': 'streamable-converted-fastify',
  'json-module-express': 'json-module-express',
  'json-noop-express': 'json-noop-express',
  'json-module-fastify': 'json-module-fastify',
  'json-noop-fastify': 'json-noop-fastify',
};

/** Subjects measured on some sizes only (the others on every size). */
export const SUBJECT_FILES: Partial<Record<SubjectId, readonly string[]>> = {
  // StreamableFile converted by the interceptor: the per-request cost and the big-file stream.
  'streamable-converted-express': ['13 B', '100 MiB'],
  'streamable-converted-fastify': ['13 B', '100 MiB'],
  // P8: the answer has no file; measured once.
  'json-module-express': ['13 B'],
  'json-noop-express': ['13 B'],
  'json-module-fastify': ['13 B'],
  'json-noop-fastify': ['13 B'],
};

/**
 * The apps behind nginx: the library and the hand-written handler in separate
 * apps, and both in one app with DownloadModule (P4's verdict), on each adapter.
 */
export const NGINX_APP_KINDS = {
  library: 'offload-express',
  hand: 'hand-xaccel',
  libraryFastify: 'offload-fastify',
  handFastify: 'hand-xaccel-fastify',
  sameApp: 'same-app-express',
  sameAppFastify: 'same-app-fastify',
} as const satisfies Record<string, NodeServerKind>;

/**
 * The ZIP rows (P9-P11): the ZipFile app on each adapter, and the library's
 * PathFile route of the same adapter it is compared with (P9).
 */
export const ZIP_ADAPTERS = [
  { adapter: 'Express', zip: 'zip-express', library: 'library-express' },
  { adapter: 'Fastify', zip: 'zip-fastify', library: 'library-fastify' },
] as const satisfies readonly { adapter: string; zip: SubjectId & NodeServerKind; library: SubjectId }[];

/**
 * The S3 rows (issue 11): one app per adapter holding both routes, the
 * library's (S3Storage) and a hand-written handler piping GetObject.
 */
export const S3_ADAPTERS = [
  { adapter: 'Express', app: 's3-express', library: 's3-library-express', hand: 's3-hand-express', offloadApp: 's3-offload-express', offload: 's3-nginx-offload-express' },
  { adapter: 'Fastify', app: 's3-fastify', library: 's3-library-fastify', hand: 's3-hand-fastify', offloadApp: 's3-offload-fastify', offload: 's3-nginx-offload-fastify' },
] as const satisfies readonly { adapter: string; app: NodeServerKind; library: SubjectId; hand: SubjectId; offloadApp: NodeServerKind; offload: SubjectId }[];
