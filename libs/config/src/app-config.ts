export const SERVICE_NAMES = ['intake', 'triage', 'outcomes'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** DESIGN §1. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  intake: 3001,
  triage: 3002,
  outcomes: 3003,
};

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

interface TokenClaimsCheck {
  /** When set, a token's `iss` must equal it. */
  issuer: string | null;
  /** When set, a token's `aud` must contain it. */
  audience: string | null;
  /** Longest token lifetime accepted (`exp` - `iat`, or `exp` - now without `iat`), AUTH_MAX_TOKEN_TTL. */
  maxTokenTtlSeconds: number;
}

/** Development: HS256 with a shared secret. Production: RS256 keys from the identity provider's JWKS. */
export type AuthConfig =
  | ({ mode: 'hs256'; secret: string } & TokenClaimsCheck)
  | ({ mode: 'jwks'; jwksUrl: string } & TokenClaimsCheck);

/**
 * One service's validated configuration. An abstract class rather than an interface so Nest can inject it by type:
 * `constructor(private readonly config: AppConfig)`.
 */
export abstract class AppConfig {
  readonly service: ServiceName;
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly http: { readonly host: string; readonly port: number; readonly portSetting: string };
  readonly database: { readonly url: string; readonly ownerUrl: string; readonly schema: string };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly partitions: number;
    readonly clientId: string;
    /**
     * Partitions each consumer processes at the same time. Order only matters within a partition and every record's
     * effect is its own inbox transaction, so partitions are independent; more than one keeps a busy or retrying
     * partition from holding up the others. Each one in flight holds a pooled connection while it works.
     */
    readonly consumerConcurrency: number;
  };
  readonly auth: AuthConfig;
  /**
   * Per client (IP address) and per minute: writes (any method but GET/HEAD/OPTIONS) and failed authentications.
   * Generous by default: a benchmark's 200 requests/s from one client stays below them.
   */
  readonly rateLimit: { readonly writesPerMinute: number; readonly authFailuresPerMinute: number };
  /**
   * Load shedding at the HTTP edge, over all clients: at most `maxConcurrentWrites` writes are worked on at once
   * (`HTTP_MAX_CONCURRENT_WRITES`, default the request pool's size, 10) and `maxQueuedWrites` wait for a turn
   * (`HTTP_MAX_QUEUED_WRITES`, default 10); any write beyond that is answered 503 with `Retry-After` at once.
   */
  readonly admission: { readonly maxConcurrentWrites: number; readonly maxQueuedWrites: number };
  /** Base64 of 32 bytes; the personal-data library derives the key-encryption key from it (DESIGN §6). */
  readonly personalData: { readonly masterKey: string };
  /**
   * Intake: how far an incident's `reportedAt` may lie from the service clock (issue 14).
   * `INCIDENT_REPORTED_AT_MAX_FUTURE_MINUTES` (0-1440, default 2), `INCIDENT_REPORTED_AT_MAX_PAST_DAYS` (1-3650,
   * default 30).
   */
  readonly incidents: { readonly reportedAtMaxFutureMinutes: number; readonly reportedAtMaxPastDays: number };
}
