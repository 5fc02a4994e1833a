/** Request examples for Swagger UI. */
export const ANSWER_EXAMPLE = { clinicianId: 'RN-0042', profession: 'registered-nurse' };

export const RISK_ASSESSMENT_EXAMPLE = {
  level: 'high',
  factors: ['expressed intent', 'at height', 'alone'],
  rationale: 'States a plan and is at the railings; no protective factors identified on the call.',
};

export const RECORDS_CHECK_EXAMPLE = {
  knownToServices: true,
  notes: 'Open to the community mental health team; last contact two weeks ago.',
};

export const ADVICE_EXAMPLE = {
  profession: 'registered-nurse',
  recommendation: 'refer-to-crisis-team',
  rationale:
    'Willing to talk to the crisis team, who can attend within the hour; stay with the person until then.',
};

export const ABANDON_EXAMPLE = { reason: 'caller-disconnected' };
