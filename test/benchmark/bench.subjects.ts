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
