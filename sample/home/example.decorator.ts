export const EXAMPLE_METADATA = 'sample:examples';

/** A URL of the sample worth trying, as listed on start and on the home page. */
export interface SampleExample {
  /** Path and query, percent-encoded, e.g. `/path/static-path`. */
  url: string;
  /** What the URL shows. */
  description: string;
  /**
   * The proxy that sends this route's body (an offload the route always
   * makes, e.g. `@XAccelRedirect()`): without it in front, the app answers
   * the offload response, headers and an empty body. The listing says so.
   */
  sentBy?: 'nginx' | 'apache' | 'lighttpd' | 'caddy';
}

/**
 * Lists a URL of this route among the sample's examples (printed on start,
 * linked from `/`). A module of the sample only has to decorate its handlers;
 * a handler may carry several.
 */
export function Example(url: string, description: string, options: Pick<SampleExample, 'sentBy'> = {}): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const listed: SampleExample[] = Reflect.getMetadata(EXAMPLE_METADATA, handler) ?? [];
    // Decorators run bottom-up: prepend to keep the order they are written in.
    Reflect.defineMetadata(EXAMPLE_METADATA, [{ url, description, ...options }, ...listed], handler);
  };
}
