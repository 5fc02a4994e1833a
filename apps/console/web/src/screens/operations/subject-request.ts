/**
 * An operator's request about a subject's personal data (intake's `POST /subjects/:subjectRef/<action>`,
 * docs/openapi/intake.json): erasure (crypto-shredding, cannot be undone), restriction of processing, or lifting it.
 */
export const SUBJECT_ACTIONS = ['erasure', 'restriction', 'restriction-lift'] as const;
export type SubjectAction = (typeof SUBJECT_ACTIONS)[number];

export const SUBJECT_ACTION_LABELS: Readonly<Record<SubjectAction, string>> = {
  erasure: 'Erase the personal data',
  restriction: 'Restrict processing',
  'restriction-lift': 'Lift the restriction',
};

/** The route below `/subjects/:subjectRef` of each action. */
export const SUBJECT_ACTION_PATHS: Readonly<Record<SubjectAction, string>> = {
  erasure: 'erasure',
  restriction: 'restriction',
  'restriction-lift': 'restriction/lift',
};

export interface SubjectRequestForm {
  action: SubjectAction | '';
  incidentIds: string;
  legalBasis: string;
  reason: string;
}

/** What the confirmation names: the subject and every incident the operator gave of them. */
export interface SubjectRecord {
  incidentId: string;
  subjectRef: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The services' limits (intake's subject DTOs; `X-Access-Reason` is 10-500 characters). */
const LEGAL_BASIS_MAX = 200;
const REASON_MAX = 2000;

/** The incident ids typed, one or more, separated by spaces, commas or lines; duplicates once. */
export function incidentIdsOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((id) => id.toLowerCase()),
    ),
  ];
}

export function subjectRequestProblems(
  form: SubjectRequestForm,
): Partial<Record<keyof SubjectRequestForm, string>> {
  const problems: Partial<Record<keyof SubjectRequestForm, string>> = {};
  if (form.action === '') problems.action = 'Choose what to do';
  const ids = incidentIdsOf(form.incidentIds);
  if (ids.length === 0) problems.incidentIds = 'Enter the incident id of the subject';
  else if (ids.some((id) => !UUID.test(id)))
    problems.incidentIds = `Not an incident id: ${ids.filter((id) => !UUID.test(id)).join(', ')}`;
  const legalBasis = form.legalBasis.trim();
  if (legalBasis === '') problems.legalBasis = 'Enter the legal basis';
  else if (legalBasis.length > LEGAL_BASIS_MAX) problems.legalBasis = `At most ${LEGAL_BASIS_MAX} characters`;
  const reason = form.reason.trim();
  if (reason.length < 10) problems.reason = 'Give the reason in at least 10 characters';
  else if (reason.length > REASON_MAX) problems.reason = `At most ${REASON_MAX} characters`;
  return problems;
}

/**
 * The one subject of the incidents read, or why there is none: every incident must name the same subject, so the
 * confirmation never acts on a subject the operator did not mean.
 */
export function subjectOf(records: readonly SubjectRecord[]): { subjectRef: string } | { problem: string } {
  const refs = [...new Set(records.map((record) => record.subjectRef))];
  if (refs.length === 1 && refs[0]) return { subjectRef: refs[0] };
  if (refs.length === 0) return { problem: 'No incident was found.' };
  return {
    problem: `These incidents are of different subjects (${records
      .map((record) => `${record.incidentId}: ${record.subjectRef}`)
      .join('; ')}): enter the incidents of one subject.`,
  };
}

/**
 * The body of the request. Erasure takes the legal basis and the reason apart; restriction and its lifting take one
 * reason, which then states the legal basis first, as the contract's example does (`UK GDPR Art. 18(1)(a): ...`).
 */
export function subjectRequestBody(
  action: SubjectAction,
  legalBasis: string,
  reason: string,
): { legalBasis?: string; reason: string } {
  if (action === 'erasure') return { legalBasis: legalBasis.trim(), reason: reason.trim() };
  return { reason: `${legalBasis.trim()}: ${reason.trim()}`.slice(0, REASON_MAX) };
}

/** `X-Access-Reason` of the reads that find the subject (audited like every case read). */
export function lookupReason(action: SubjectAction, legalBasis: string): string {
  return `Subject request (${SUBJECT_ACTION_LABELS[action].toLowerCase()}): ${legalBasis.trim()}`.slice(
    0,
    500,
  );
}
