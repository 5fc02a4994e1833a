import { describeDuration } from '../../ui/waiting-time';

/** A count as the services answer it: for analysts a count of 1-4 is `'<5'` (libs/personal-data small-counts.ts). */
export const SUPPRESSED = '<5';
export type Count = number | typeof SUPPRESSED;

/** A figure on screen: a count, a duration in seconds or a share (0-1); null when the service gives none. */
export type ShownValue = Count | null;
export type Unit = 'count' | 'seconds' | 'share';

export function isSuppressed(value: ShownValue): value is typeof SUPPRESSED {
  return value === SUPPRESSED;
}

/**
 * The words a figure is shown in. A suppressed count is "fewer than 5", never a number; null is "none" (a median
 * of no calls, or one the service withholds because it was over fewer than 5: the screen says which may apply).
 */
export function valueText(value: ShownValue, unit: Unit): string {
  if (value === null) return 'none';
  if (isSuppressed(value)) return 'fewer than 5';
  if (unit === 'seconds') return describeDuration(Math.round(value));
  if (unit === 'share') return `${(value * 100).toFixed(1)}%`;
  return value.toLocaleString('en-GB');
}

/**
 * The height of a bar: the figure itself, or no bar at all where it is suppressed or missing. Never 0 or a guess
 * between 1 and 4 in its place, so nothing on screen is computed around the suppression.
 */
export function chartValue(value: ShownValue): number | null {
  return typeof value === 'number' ? value : null;
}

/** Reads a service's count, accepting only what the contract allows (anything else shows as none). */
export function countOf(value: unknown): ShownValue {
  if (value === SUPPRESSED) return SUPPRESSED;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
