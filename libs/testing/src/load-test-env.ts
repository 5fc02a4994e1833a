/**
 * jest setupFiles of the integration project: the default environment for tests, pointing at the `rcrp_test`
 * database and the local broker. Only fills what is not already set, so CI or a developer can override any of it.
 */
const TEST_DEFAULTS: Record<string, string> = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://rcrp_intake:rcrp_intake@127.0.0.1:5432/rcrp_test',
  DATABASE_OWNER_URL: 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp_test',
  KAFKA_BROKERS: '127.0.0.1:9092',
  KAFKA_PARTITIONS: '6',
  AUTH_JWT_SECRET: 'test-secret-not-for-production-0123456789abcdef',
  // 32 fixed bytes, base64: deterministic in tests, never used outside them.
  PERSONAL_DATA_MASTER_KEY: 'dGVzdC1vbmx5LW1hc3Rlci1rZXktMzItYnl0ZXMhISE=',
};

for (const [name, value] of Object.entries(TEST_DEFAULTS)) {
  if (process.env[name] === undefined || process.env[name] === '') process.env[name] = value;
}
