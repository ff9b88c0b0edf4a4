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
  /** `answer`: the app's empty X-Accel-Redirect answer itself, without nginx (13 B only). */
  role: 'streams' | 'nginx' | 'answer';
  /** The only file sizes (labels such as `1 MiB`) this subject is measured on; every size when absent. */
  files?: readonly string[];
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
  | 'hand-answer-intercepted';

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
};

/** The apps behind nginx: the library and the hand-written handler, on each adapter. */
export const NGINX_APP_KINDS = {
  library: 'offload-express',
  hand: 'hand-xaccel',
  libraryFastify: 'offload-fastify',
  handFastify: 'hand-xaccel-fastify',
} as const satisfies Record<string, NodeServerKind>;
