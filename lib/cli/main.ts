#!/usr/bin/env node
import { healthcheckCommand } from './healthcheck.command';
import { proxyConfigCommand } from './proxy-config.command';

const USAGE = `Usage: nestjs-downloadview <command> [options]

Commands:
  healthcheck   check storage, app and reverse proxy of a live deployment
                (nestjs-downloadview healthcheck --help)
  proxy-config  print the nginx, Apache, lighttpd or Caddy config the app's
                offload rules need (nestjs-downloadview proxy-config --help)`;

/** The `nestjs-downloadview` command line. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'healthcheck') return healthcheckCommand(rest);
  if (command === 'proxy-config') return proxyConfigCommand(rest);
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`nestjs-downloadview: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`nestjs-downloadview: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
