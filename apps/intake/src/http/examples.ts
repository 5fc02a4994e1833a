/** Request examples for Swagger UI (DESIGN §4's report, field names fixed). */
export const REPORT_EXAMPLE = {
  source: { system: 'met-cad', externalRef: 'CAD-20261123-0417' },
  reportedAt: '2026-11-23T21:04:00Z',
  officer: { id: 'PC-4821', force: 'MPS' },
  location: { kind: 'public-place', description: 'Footbridge, north end', borough: 'Lambeth' },
  category: 'concern-for-welfare',
  subject: { name: 'Jane Doe', dateOfBirth: '1990-04-01', sex: 'female', ethnicity: 'white' },
  presentingConcerns: ['suicidal-ideation'],
  summary: 'Person standing outside the railings, talking about ending their life.',
};

export const HOTLINE_REPORT_EXAMPLE = { ...REPORT_EXAMPLE, source: undefined };

export const AMENDMENT_EXAMPLE = {
  changes: {
    location: { kind: 'private-dwelling', description: 'Flat 3, 12 Example Road', borough: 'Lambeth' },
  },
  reason: 'The person walked home; the officer followed and is now at their flat.',
};

export const WITHDRAWAL_EXAMPLE = {
  reason: 'Reported twice by mistake: duplicate of an incident already on the line.',
};
