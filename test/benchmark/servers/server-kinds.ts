/** The Node servers the benchmark starts, each in its own child process. */
export type NodeServerKind =
  | 'library-express'
  | 'library-fastify'
  | 'express-sendfile'
  | 'streamable-express'
  | 'streamable-fastify'
  | 'offload-express'
  | 'offload-fastify'
  | 'offload-in-handler'
  | 'hand-xaccel'
  | 'hand-xaccel-fastify'
  | 'hand-xaccel-intercepted'
  | 'same-app-express'
  | 'same-app-fastify'
  | 'json-module-express'
  | 'json-module-fastify'
  | 'json-noop-express'
  | 'json-noop-fastify'
  | 'streamable-converted-express'
  | 'streamable-converted-fastify'
  | 'zip-express'
  | 'zip-fastify'
  | 's3-express'
  | 's3-fastify'
  | 's3-offload-express'
  | 's3-offload-fastify';

/** Every server answers `GET /files/<name>` for a file of the generated folder. */
export const FILES_ROUTE = '/files/';

/** Environment variable naming the generated folder, read by the child. */
export const FILES_DIR_ENV = 'BENCH_FILES_DIR';

/** nginx's `internal` location that maps the generated folder (see nginx/bench.conf). */
export const PROTECTED_LOCATION = '/protected/';

/** Environment variables naming the bench's S3 server and bucket, read by the S3 apps (credentials go in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). */
export const S3_ENV = { endpoint: 'BENCH_S3_ENDPOINT', bucket: 'BENCH_S3_BUCKET' } as const;
