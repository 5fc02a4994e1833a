import {
  PROFESSIONS,
  RECOMMENDATIONS,
  RISK_LEVELS,
  type Profession,
  type Recommendation,
  type RiskLevel,
} from '@rcrp/events/vocabulary';

/**
 * The clinicians' forms as data: what each field holds while typed, the checks the services would make
 * (apps/triage/src/http/triage.dto.ts: the same limits), and the body each sends. Checking here first lets the form
 * name the field at once; the services still check everything.
 */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

const TEXT_LIMIT = 4000;
const ID_LIMIT = 100;
const FACTOR_LIMIT = 200;
const FACTORS_LIMIT = 20;
/** X-Access-Reason: libs/personal-data's rule, 10-500 characters after trimming. */
export const ACCESS_REASON_MIN = 10;
export const ACCESS_REASON_MAX = 500;
export const DEFAULT_ACCESS_REASON = 'Answering the call';

const oneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

function text(value: string, { required, max }: { required: boolean; max: number }): string | undefined {
  const trimmed = value.trim();
  if (required && trimmed === '') return 'is required';
  if (value.length > max) return `must be at most ${max} characters`;
  return undefined;
}

export function accessReasonError(reason: string): string | undefined {
  const trimmed = reason.trim();
  if (trimmed === '') return 'is required: say why you need this call';
  if (trimmed.length < ACCESS_REASON_MIN) return `must be at least ${ACCESS_REASON_MIN} characters`;
  if (trimmed.length > ACCESS_REASON_MAX) return `must be at most ${ACCESS_REASON_MAX} characters`;
  return undefined;
}

/** A form's outcome: the request body when every field is right, else the errors by field. */
export type Checked<F extends string, B> = { ok: true; body: B } | { ok: false; errors: FieldErrors<F> };

function checked<F extends string, B>(errors: FieldErrors<F>, body: () => B): Checked<F, B> {
  return Object.values(errors).some(Boolean) ? { ok: false, errors } : { ok: true, body: body() };
}

export interface AnswerForm {
  profession: string;
  /** Only an operator records for a named clinician; for a clinician it is the token's subject. */
  clinicianId: string;
}
export function checkAnswer(form: AnswerForm, asOperator: boolean) {
  const errors: FieldErrors<keyof AnswerForm> = {
    profession: oneOf(PROFESSIONS, form.profession) ? undefined : 'choose the profession',
    clinicianId: asOperator ? text(form.clinicianId, { required: true, max: ID_LIMIT }) : undefined,
  };
  return checked(errors, () => ({
    profession: form.profession as Profession,
    ...(asOperator ? { clinicianId: form.clinicianId.trim() } : {}),
  }));
}

export interface RiskAssessmentForm {
  level: string;
  /** One factor a line. */
  factors: string;
  rationale: string;
}
export function factorsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
export function checkRiskAssessment(form: RiskAssessmentForm) {
  const factors = factorsOf(form.factors);
  const errors: FieldErrors<keyof RiskAssessmentForm> = {
    level: oneOf(RISK_LEVELS, form.level) ? undefined : 'choose the level of risk',
    factors:
      factors.length > FACTORS_LIMIT
        ? `at most ${FACTORS_LIMIT} factors`
        : factors.some((factor) => factor.length > FACTOR_LIMIT)
          ? `each factor must be at most ${FACTOR_LIMIT} characters`
          : undefined,
    rationale: text(form.rationale, { required: true, max: TEXT_LIMIT }),
  };
  return checked(errors, () => ({
    level: form.level as RiskLevel,
    factors,
    rationale: form.rationale.trim(),
  }));
}

export interface RecordsCheckForm {
  /** `yes`, `no`, or `` before a choice. */
  knownToServices: string;
  notes: string;
}
export function checkRecordsCheck(form: RecordsCheckForm) {
  const errors: FieldErrors<keyof RecordsCheckForm> = {
    knownToServices:
      form.knownToServices === 'yes' || form.knownToServices === 'no'
        ? undefined
        : 'say whether the person is known to services',
    notes: text(form.notes, { required: false, max: TEXT_LIMIT }),
  };
  return checked(errors, () => ({
    knownToServices: form.knownToServices === 'yes',
    ...(form.notes.trim() === '' ? {} : { notes: form.notes.trim() }),
  }));
}

export interface AdviceForm {
  profession: string;
  recommendation: string;
  rationale: string;
}
export function checkAdvice(form: AdviceForm) {
  const errors: FieldErrors<keyof AdviceForm> = {
    profession: oneOf(PROFESSIONS, form.profession) ? undefined : 'choose the profession',
    recommendation: oneOf(RECOMMENDATIONS, form.recommendation) ? undefined : 'choose the recommendation',
    rationale: text(form.rationale, { required: true, max: TEXT_LIMIT }),
  };
  return checked(errors, () => ({
    profession: form.profession as Profession,
    recommendation: form.recommendation as Recommendation,
    rationale: form.rationale.trim(),
  }));
}
