/** One bounded load run against one URL. */
export interface LoadRequest {
  url: string;
  /** Seconds. */
  duration: number;
  connections: number;
  headers?: Record<string, string>;
}

/** What a run measured: completed requests, bytes read (headers included) and errors. */
export interface LoadResult {
  requests: number;
  bytes: number;
  seconds: number;
  /** Connect/read/write errors, timeouts and answers >= 400. */
  errors: number;
}

/** A load generator running in its own process. */
export interface LoadTool {
  name: string;
  run(request: LoadRequest): Promise<LoadResult>;
}

export const requestsPerSecond = (result: LoadResult) => result.requests / result.seconds;
export const mebibytesPerSecond = (result: LoadResult) => result.bytes / result.seconds / 1024 / 1024;
