import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { WildcardPath, wildcardSegments } from './wildcard-path.decorator';

type ParamFactory = (data: unknown, context: ExecutionContextHost) => unknown;

/** Runs the decorator's factory the way Nest's router does, on a request with `params`. */
function resolve(params: Record<string, unknown> | undefined, name?: string): unknown {
  class Controller {
    handler(_tail: string[]) {}
  }
  WildcardPath(name)(Controller.prototype, 'handler', 0);
  const args: Record<string, { factory: ParamFactory; data: unknown }> = Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    Controller,
    'handler',
  );
  const [{ factory, data }] = Object.values(args);
  return factory(data, new ExecutionContextHost([{ params }, {}]));
}

describe('wildcardSegments', () => {
  it('keeps the segment array Express gives for a bare * (named path)', () => {
    expect(wildcardSegments({ path: ['docs', 'hello world.txt'] })).toEqual(['docs', 'hello world.txt']);
  });

  it('splits the single string Fastify gives under *', () => {
    expect(wildcardSegments({ '*': 'docs/hello world.txt' })).toEqual(['docs', 'hello world.txt']);
  });

  it('answers [] for a missing or empty tail on either adapter', () => {
    expect(wildcardSegments(undefined)).toEqual([]);
    expect(wildcardSegments({})).toEqual([]);
    expect(wildcardSegments({ '*': '' })).toEqual([]);
    expect(wildcardSegments({ path: [] })).toEqual([]);
  });

  it('keeps empty and dot segments so that path confinement refuses them', () => {
    expect(wildcardSegments({ '*': '/etc/passwd' })).toEqual(['', 'etc', 'passwd']);
    expect(wildcardSegments({ path: ['..', 'x'] })).toEqual(['..', 'x']);
  });

  it('reads a differently named Express tail when given its name', () => {
    expect(wildcardSegments({ file: ['a', 'b.txt'] }, 'file')).toEqual(['a', 'b.txt']);
  });
});

describe('@WildcardPath()', () => {
  it('injects the Express tail as segments', () => {
    expect(resolve({ path: ['a', 'b.txt'] })).toEqual(['a', 'b.txt']);
  });

  it('injects the Fastify tail as segments', () => {
    expect(resolve({ '*': 'a/b.txt' })).toEqual(['a', 'b.txt']);
  });

  it('injects [] when the request has no params', () => {
    expect(resolve(undefined)).toEqual([]);
  });

  it('passes its argument on as the Express parameter name', () => {
    expect(resolve({ file: ['c.txt'] }, 'file')).toEqual(['c.txt']);
  });
});
