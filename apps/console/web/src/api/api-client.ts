import { ApiError, problemFrom } from './api-problem';

export interface ApiRequest {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  /** `X-Access-Reason`, `If-Match` and the like. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiClient {
  /** `path` below the console's origin, e.g. `/api/triage/triage/<id>`; resolves to the JSON answer. */
  request<T>(path: string, request?: ApiRequest): Promise<T>;
}

export interface ApiClientOptions {
  /** The current bearer token, or null when signed out. */
  token: () => string | null;
  /** A 401: the token expired or was refused; the session ends. */
  onUnauthorized: () => void;
  fetch?: typeof fetch;
}

/**
 * The one way the screens talk to the services (through the console's `/api/<service>` forward): the bearer token
 * on every request, JSON both ways, and every failure as an `ApiError` with the services' problem in it.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    async request<T>(
      path: string,
      { method = 'GET', body, headers = {}, signal }: ApiRequest = {},
    ): Promise<T> {
      const token = options.token();
      let response: Response;
      try {
        response = await send(path, {
          method,
          signal,
          headers: {
            Accept: 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new ApiError(problemFrom(0, null));
      }
      const text = await response.text();
      let parsed: unknown = null;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = text;
      }
      if (!response.ok) {
        if (response.status === 401 && token) options.onUnauthorized();
        throw new ApiError(problemFrom(response.status, parsed));
      }
      return parsed as T;
    },
  };
}
