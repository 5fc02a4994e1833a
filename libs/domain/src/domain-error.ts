import type { RuleId } from './rule-ids';

/**
 * A command refused by a domain rule. `ruleId` is stable (rule-ids.ts); `message` is a sentence the person
 * who sent the command understands. The HTTP layer maps it to 422.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  /**
   * `field`: the request field that is missing for this rule (a late entry's `lateEntryReason`); the HTTP layer
   * answers 400 naming it, as for any missing field, with the rule id.
   */
  constructor(
    readonly ruleId: RuleId,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
