import { createHmac, hkdfSync } from 'node:crypto';

/**
 * Analysts see people only through pseudonyms (DESIGN §5, issue 11): a stable pseudonym per subject, an age band
 * instead of a date of birth, and no names or free text. The pseudonym is a keyed hash of the subject reference,
 * so it is the same in every service and every replay, but cannot be reversed or recomputed without the key.
 */
export function pseudonymKeyFrom(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'rcrp-pseudonym-v1', 32));
}

export function pseudonymFor(subjectRef: string, pseudonymKey: Buffer): string {
  return `psn-${createHmac('sha256', pseudonymKey).update(subjectRef).digest('hex').slice(0, 20)}`;
}

export const AGE_BANDS = [
  'under-18',
  '18-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-plus',
  'unknown',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBandOf(ageYears: number | null | undefined): AgeBand {
  if (ageYears === null || ageYears === undefined || !Number.isFinite(ageYears)) return 'unknown';
  if (ageYears < 18) return 'under-18';
  if (ageYears < 25) return '18-24';
  if (ageYears < 35) return '25-34';
  if (ageYears < 45) return '35-44';
  if (ageYears < 55) return '45-54';
  if (ageYears < 65) return '55-64';
  return '65-plus';
}
