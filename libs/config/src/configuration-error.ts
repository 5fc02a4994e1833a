/**
 * A setting is missing or malformed. Its message is the whole diagnosis — one line naming the setting and what is
 * expected — so bootstrap prints it as is and exits without a stack trace.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';

  constructor(
    readonly setting: string,
    readonly expectation: string,
  ) {
    super(`Configuration error: ${setting} ${expectation}`);
  }
}
