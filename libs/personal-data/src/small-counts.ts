/**
 * Primary suppression of small numbers in the figures analysts see (`GET /statistics`, `GET /triage/metrics`): a
 * count of 1-4 people could identify them, so it reads `'<5'`; 0 is shown. A figure computed over fewer than 5
 * people (a median, a percentile, a share of a suppressed count) is hidden too. Only primary suppression:
 * differences between overlapping periods are not protected.
 */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSED = '<5';

/** A count, or `'<5'` where a count of 1-4 is suppressed. */
export type Count = number | typeof SUPPRESSED;

/** `value`, or `'<5'` when suppressing and it is 1-4. */
export function suppressedCount(value: number, suppress: boolean): Count {
  return suppress && value > 0 && value < SUPPRESSION_THRESHOLD ? SUPPRESSED : value;
}

/** Every count of a record through `suppressedCount`. */
export function suppressedCounts<K extends string>(
  record: Record<K, number>,
  suppress: boolean,
): Record<K, Count> {
  return Object.fromEntries(
    Object.entries<number>(record).map(([key, value]) => [key, suppressedCount(value, suppress)]),
  ) as Record<K, Count>;
}

/** Whether a figure computed over `people` observations may be shown (never over 1-4 when suppressing). */
export function figureShown(people: number, suppress: boolean): boolean {
  return suppressedCount(people, suppress) !== SUPPRESSED;
}
