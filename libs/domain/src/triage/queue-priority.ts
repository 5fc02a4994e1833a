import type { PresentingConcern } from '@rcrp/events';

/**
 * How much each presenting concern raises a call in the clinicians' queue: threats to life first.
 * The queue orders by priority (higher first), then by time queued (earlier first).
 */
export const CONCERN_WEIGHTS: Readonly<Record<PresentingConcern, number>> = {
  'medical-emergency': 50,
  weapon: 45,
  'suicidal-ideation': 40,
  'self-harm': 35,
  'violence-or-aggression': 30,
  psychosis: 20,
  intoxication: 15,
  distress: 10,
  vulnerability: 10,
  other: 5,
};

/**
 * Priority of a call: the weight of its gravest concern, plus one for each further distinct concern (so
 * among equally grave calls, more concerns come first). 0 when no concern was given. Order and
 * repetition of concerns do not matter.
 */
export function queuePriority(concerns: readonly PresentingConcern[]): number {
  const distinct = [...new Set(concerns)];
  if (distinct.length === 0) return 0;
  return Math.max(...distinct.map((concern) => CONCERN_WEIGHTS[concern])) + distinct.length - 1;
}
