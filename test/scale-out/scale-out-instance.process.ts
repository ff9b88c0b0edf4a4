import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { AdapterName } from '../support/test-app.factory';

/** What an instance's environment holds: everything it knows. */
export interface InstanceEnv {
  name: string;
  adapter: AdapterName;
  port: number;
  s3Endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  signingSecret: string;
}

/** An app instance of the topology, in its own process. */
export interface RunningInstance {
  pid: number;
  /** Kills the process with SIGKILL (a crash: nothing is drained) and resolves once it exited. */
  crash(): Promise<void>;
  /** Stops it if it still runs (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

/**
 * Starts scale-out-instance.child.ts with `node` (TypeScript through
 * ts-register.js) and resolves once it listens on 127.0.0.1:`env.port`
 * (30 s at most: two shared cores compile lib/ on each start).
 */
export async function startInstance(env: InstanceEnv): Promise<RunningInstance> {
  const child = fork(join(__dirname, 'scale-out-instance.child.ts'), [], {
    execArgv: ['-r', join(__dirname, 'ts-register.js')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      INSTANCE_NAME: env.name,
      ADAPTER: env.adapter,
      PORT: String(env.port),
      S3_ENDPOINT: env.s3Endpoint,
      S3_BUCKET: env.bucket,
      AWS_ACCESS_KEY_ID: env.accessKeyId,
      AWS_SECRET_ACCESS_KEY: env.secretAccessKey,
      AWS_REGION: 'us-east-1',
      URL_SIGNING_SECRET: env.signingSecret,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${env.name} not ready after 30 s`)), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`instance ${env.name} exited (${code ?? signal}) before listening`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited(child);
    throw error;
  });
  return {
    pid: child.pid as number,
    async crash() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
