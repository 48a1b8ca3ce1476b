/**
 * Every request to the API ends: it answers, fails, or is aborted after a time limit (REQUEST_TIMEOUT_MS unless the
 * caller says otherwise), or at once when the live connection finds the server silent (`abortInFlight`). So a page
 * never shows "Loading…" for ever: it gets data, "no data", or an error with a retry button.
 */

/** How long a request may wait for the server's answer (its headers) by default. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** The server did not answer in time, or went silent while the request waited. */
export class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';
  constructor(
    /** The time limit (ms), or null when the request was aborted because the server went silent. */
    readonly timeoutMs: number | null,
    url: string,
  ) {
    super(
      timeoutMs === null
        ? `The server stopped answering while ${url} was loading.`
        : `The server did not answer ${url} within ${Math.round(timeoutMs / 1000)} s.`,
    );
  }
}

/** A fetch of a Request; the time limit comes as `init.signal` (which replaces the request's own). */
type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

/** Requests waiting for their answer: aborted together when the server is found silent. */
const inFlight = new Set<() => void>();

/** Aborts every request still waiting for its answer (the live connection found the server silent). */
export function abortInFlight(): number {
  const n = inFlight.size;
  for (const abort of [...inFlight]) abort();
  return n;
}

/** The number of requests waiting for their answer. */
export function inFlightCount(): number {
  return inFlight.size;
}

/**
 * `fetch` with a time limit: the request is aborted when no answer has come after `timeoutMs`, or when
 * abortInFlight() is called, and the promise then rejects with RequestTimeout. An abort by the caller's own signal
 * stays the caller's (its reason is passed on).
 */
export function withTimeout(base: Fetch, timeoutMs = REQUEST_TIMEOUT_MS): Fetch {
  return async (input: Request, init?: RequestInit) => {
    const controller = new AbortController();
    const url = new URL(input.url).pathname;
    const abort = (limit: number | null) => {
      if (!controller.signal.aborted) controller.abort(new RequestTimeout(limit, url));
    };
    const silent = () => abort(null);
    const timer = setTimeout(() => abort(timeoutMs), timeoutMs);
    const upstream = input.signal;
    const forward = () => controller.abort(upstream.reason);
    if (upstream.aborted) forward();
    else upstream.addEventListener('abort', forward, { once: true });
    inFlight.add(silent);
    try {
      return await base(input, { ...init, signal: controller.signal });
    } catch (err) {
      const reason: unknown = controller.signal.reason;
      if (controller.signal.aborted && reason instanceof RequestTimeout) throw reason;
      throw err;
    } finally {
      clearTimeout(timer);
      inFlight.delete(silent);
      upstream.removeEventListener('abort', forward);
    }
  };
}

/** Global fetch with a time limit (for requests made outside the typed client). */
export function fetchWithTimeout(
  input: string | URL,
  init: RequestInit = {},
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Response> {
  return withTimeout((r, i) => fetch(r, i), timeoutMs)(new Request(input, init));
}
