import { generateProxyConfig, S3Storage } from 'nestjs-downloadview';

/** Where the scale-out topology's parts run: the proxy, the app instances, the S3 server and nginx's files. */
export interface ScaleOutTopology {
  /** Where nginx listens, `host:port`. */
  listen: string;
  /** The app instances, `host:port` each. */
  instances: string[];
  /** The S3 endpoint the instances use, e.g. `http://127.0.0.1:9000`. */
  s3Endpoint: string;
  bucket: string;
  runtimeDir?: string;
  user?: string;
  group?: string;
}

/**
 * The nginx config of docs/scaling.md: what generateProxyConfig() makes of
 * the instances' offload rule (@XAccelRedirect({ sourceStorage: storage,
 * destinationUrl: '/s3-objects/' }) in scale-out-instance.child.ts, on a
 * storage configured as theirs is) with every instance as the upstream.
 * scale-out.e2e-spec.ts runs it; test/docs/scaling-config.spec.ts checks the
 * page shows it for the documented addresses.
 */
export function scaleOutConfig(topology: ScaleOutTopology): string {
  const storage = new S3Storage({
    bucket: topology.bucket,
    clientConfig: { region: 'us-east-1', endpoint: topology.s3Endpoint, forcePathStyle: true },
  });
  try {
    return generateProxyConfig(
      'nginx',
      { options: { storage }, routeRules: [{ sourceStorage: storage, destinationUrl: '/s3-objects/', backend: 'nginx' }] },
      {
        listen: topology.listen,
        upstream: topology.instances,
        ...(topology.runtimeDir !== undefined ? { runtimeDir: topology.runtimeDir } : {}),
        ...(topology.user !== undefined ? { user: topology.user } : {}),
        ...(topology.group !== undefined ? { group: topology.group } : {}),
      },
    );
  } finally {
    storage.destroy();
  }
}

/** The addresses docs/scaling.md shows the config for: nginx on port 8080, two instances on two hosts, one S3 endpoint. */
export const DOCUMENTED_SCALE_OUT: ScaleOutTopology = {
  listen: '0.0.0.0:8080',
  instances: ['10.0.0.11:3000', '10.0.0.12:3000'],
  s3Endpoint: 'http://10.0.0.20:9000',
  bucket: 'downloads',
};
