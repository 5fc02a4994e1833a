import {
  ASSESSMENT_OUTCOMES,
  CONVEYANCE_MODES,
  DETENTION_END_REASONS,
  DISPOSITIONS,
  OCCUPIER_CONSENTS,
  PLACE_OF_SAFETY_KINDS,
  POLICE_VEHICLE_REASON_CODES,
  PROFESSIONS,
} from '@rcrp/events/vocabulary';
import type { OutcomeAction } from './case-api';

/**
 * The section 136 forms as data: each action's fields (shown when they apply: the regulation 2 conditions only for a
 * police station, the consent only for a dwelling, the reason code only for a police vehicle), the checks outcomes
 * would make of the body (apps/outcomes/src/http/outcome.dto.ts, docs/openapi/outcomes.json: the same limits), and
 * the body each sends. The legal rules themselves stay outcomes': a refusal comes back as 422 and is shown inline.
 */
export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string | undefined>;
export type CheckedForm = { ok: true; body: Record<string, unknown> } | { ok: false; errors: FormErrors };

export interface FieldSpec {
  name: string;
  label: string;
  kind: 'select' | 'text' | 'textarea' | 'yes-no' | 'number';
  options?: readonly string[];
  hint?: string;
  /** Shown (and sent) only when this holds of the form's values. */
  when?: (values: FormValues) => boolean;
}

export interface ActionSpec {
  action: OutcomeAction;
  title: string;
  submit: string;
  fields: FieldSpec[];
  check(values: FormValues): { errors: FormErrors; body: () => Record<string, unknown> };
}

/** What the timing checks need: now, and the latest time a person recorded in the outcome stream. */
export interface TimingContext {
  nowMs: number;
  lastRecordedAt: string | null;
}

const TEXT_LIMIT = 2000;
const ID_LIMIT = 100;
const NAME_LIMIT = 200;
/** Outcomes' limits (docs/outcomes.md, "HTTP"): `at` at most 2 minutes ahead; late when 15 minutes before the latest. */
const FUTURE_LIMIT_MS = 2 * 60_000;
const LATE_AFTER_MS = 15 * 60_000;

const oneOf = (values: readonly string[], value: string | undefined) => values.includes(value ?? '');
const trimmed = (values: FormValues, name: string) => (values[name] ?? '').trim();

function text(value: string | undefined, { required, max }: { required: boolean; max: number }) {
  const t = (value ?? '').trim();
  if (required && t === '') return 'is required';
  if (t.length > max) return `must be at most ${max} characters`;
  return undefined;
}
const choose = (what: string, options: readonly string[], value: string | undefined) =>
  oneOf(options, value) ? undefined : `choose ${what}`;
const yesNo = (value: string | undefined, what: string) =>
  value === 'yes' || value === 'no' ? undefined : `say whether ${what}`;
const optional = (values: FormValues, name: string) => {
  const value = trimmed(values, name);
  return value === '' ? {} : { [name]: value };
};

const atPoliceStation = (kindField: string) => (values: FormValues) => values[kindField] === 'police-station';
const dwelling = (values: FormValues) => values.isDwelling === 'yes';

/** The regulation 2 conditions and the dwelling consent, shared by place of safety and transfer. */
function placeFields(kindField: string): FieldSpec[] {
  const station = atPoliceStation(kindField);
  return [
    {
      name: 'inspectorId',
      label: 'Authorising inspector (id)',
      kind: 'text',
      when: station,
      hint: 'An inspector or above (rule 5).',
    },
    {
      name: 'imminentRiskReason',
      label: 'Imminent risk of serious injury or death',
      kind: 'textarea',
      when: station,
      hint: 'Regulation 2(a): the behaviour that poses the risk.',
    },
    {
      name: 'noOtherPlaceReason',
      label: 'Why no other place can manage it',
      kind: 'textarea',
      when: station,
      hint: 'Regulation 2(b).',
    },
    {
      name: 'healthcareProfessionalPresent',
      label: 'A healthcare professional is present or available',
      kind: 'yes-no',
      when: station,
      hint: 'Regulation 2(c).',
    },
    { name: 'isDwelling', label: 'The place is a dwelling', kind: 'yes-no' },
    {
      name: 'consentDetainedPerson',
      label: 'The detained person consents',
      kind: 'yes-no',
      when: dwelling,
      hint: 's135(7): both consents are needed.',
    },
    {
      name: 'consentOccupier',
      label: "The occupier's consent",
      kind: 'select',
      options: OCCUPIER_CONSENTS,
      when: dwelling,
    },
  ];
}

function checkPlace(
  values: FormValues,
  kindField: string,
): { errors: FormErrors; body: () => Record<string, unknown> } {
  const station = values[kindField] === 'police-station';
  const isDwelling = values.isDwelling === 'yes';
  const errors: FormErrors = {
    inspectorId: station ? text(values.inspectorId, { required: true, max: ID_LIMIT }) : undefined,
    imminentRiskReason: station
      ? text(values.imminentRiskReason, { required: true, max: TEXT_LIMIT })
      : undefined,
    noOtherPlaceReason: station
      ? text(values.noOtherPlaceReason, { required: true, max: TEXT_LIMIT })
      : undefined,
    healthcareProfessionalPresent: station
      ? yesNo(values.healthcareProfessionalPresent, 'a healthcare professional is present')
      : undefined,
    consentDetainedPerson: isDwelling
      ? yesNo(values.consentDetainedPerson, 'the detained person consents')
      : undefined,
    consentOccupier: isDwelling
      ? choose("the occupier's consent", OCCUPIER_CONSENTS, values.consentOccupier)
      : undefined,
  };
  return {
    errors,
    body: () => ({
      ...(station
        ? {
            policeStationAuthorisation: {
              inspectorId: trimmed(values, 'inspectorId'),
              imminentRiskReason: trimmed(values, 'imminentRiskReason'),
              noOtherPlaceReason: trimmed(values, 'noOtherPlaceReason'),
              healthcareProfessionalPresent: values.healthcareProfessionalPresent === 'yes',
            },
          }
        : {}),
      isDwelling,
      ...(isDwelling
        ? {
            consent: {
              detainedPerson: values.consentDetainedPerson === 'yes',
              occupier: values.consentOccupier,
            },
          }
        : {}),
    }),
  };
}

export const ACTIONS: readonly ActionSpec[] = [
  {
    action: 'consultation',
    title: 'Consultation (rule 2)',
    submit: 'Record consultation',
    fields: [
      { name: 'basis', label: 'Consultation', kind: 'select', options: ['consulted', 'not-practicable'] },
      {
        name: 'profession',
        label: 'Profession consulted',
        kind: 'select',
        options: PROFESSIONS,
        when: (v) => v.basis === 'consulted',
      },
      {
        name: 'clinicianId',
        label: 'The professional consulted (id, optional)',
        kind: 'text',
        when: (v) => v.basis === 'consulted',
      },
      {
        name: 'notPracticableReason',
        label: 'Why consulting was not practicable',
        kind: 'textarea',
        when: (v) => v.basis === 'not-practicable',
      },
    ],
    check: (v) => ({
      errors: {
        basis: choose('whether a professional was consulted', ['consulted', 'not-practicable'], v.basis),
        profession: v.basis === 'consulted' ? choose('the profession', PROFESSIONS, v.profession) : undefined,
        clinicianId:
          v.basis === 'consulted' ? text(v.clinicianId, { required: false, max: ID_LIMIT }) : undefined,
        notPracticableReason:
          v.basis === 'not-practicable'
            ? text(v.notPracticableReason, { required: true, max: TEXT_LIMIT })
            : undefined,
      },
      body: () =>
        v.basis === 'consulted'
          ? { profession: v.profession, ...optional(v, 'clinicianId') }
          : { notPracticableReason: trimmed(v, 'notPracticableReason') },
    }),
  },
  {
    action: 'detention',
    title: 'Detention under section 136',
    submit: 'Record detention',
    fields: [
      {
        name: 'officerId',
        label: 'Detaining officer (id)',
        kind: 'text',
        hint: 'Leave empty when it is you.',
      },
    ],
    check: (v) => ({
      errors: { officerId: text(v.officerId, { required: false, max: ID_LIMIT }) },
      body: () => optional(v, 'officerId'),
    }),
  },
  {
    action: 'place-of-safety',
    title: 'Place of safety',
    submit: 'Record place of safety',
    fields: [
      { name: 'kind', label: 'Kind of place', kind: 'select', options: PLACE_OF_SAFETY_KINDS },
      { name: 'name', label: 'Name of the place', kind: 'text' },
      { name: 'keptWhereFound', label: 'Kept where found (the clock starts now)', kind: 'yes-no' },
      ...placeFields('kind'),
    ],
    check: (v) => {
      const place = checkPlace(v, 'kind');
      return {
        errors: {
          kind: choose('the kind of place', PLACE_OF_SAFETY_KINDS, v.kind),
          name: text(v.name, { required: false, max: NAME_LIMIT }),
          ...place.errors,
        },
        body: () => ({
          kind: v.kind,
          ...optional(v, 'name'),
          keptWhereFound: v.keptWhereFound === 'yes',
          ...place.body(),
        }),
      };
    },
  },
  {
    action: 'conveyance',
    title: 'Conveyance',
    submit: 'Record conveyance',
    fields: [
      { name: 'mode', label: 'Conveyed by', kind: 'select', options: CONVEYANCE_MODES },
      {
        name: 'code',
        label: 'Why a police vehicle',
        kind: 'select',
        options: POLICE_VEHICLE_REASON_CODES,
        when: (v) => v.mode === 'police-vehicle',
        hint: 'Rule 6: a police vehicle needs a recorded reason.',
      },
      {
        name: 'detail',
        label: 'Details of the reason',
        kind: 'textarea',
        when: (v) => v.mode === 'police-vehicle',
        hint: 'Required when the reason is "other".',
      },
    ],
    check: (v) => {
      const police = v.mode === 'police-vehicle';
      return {
        errors: {
          mode: choose('how the person was conveyed', CONVEYANCE_MODES, v.mode),
          code: police
            ? choose('the reason a police vehicle was used', POLICE_VEHICLE_REASON_CODES, v.code)
            : undefined,
          detail: police ? text(v.detail, { required: v.code === 'other', max: TEXT_LIMIT }) : undefined,
        },
        body: () => ({
          mode: v.mode,
          ...(police ? { policeVehicleReason: { code: v.code, ...optional(v, 'detail') } } : {}),
        }),
      };
    },
  },
  {
    action: 'arrival',
    title: 'Arrival at the place of safety',
    submit: 'Record arrival',
    fields: [],
    check: () => ({ errors: {}, body: () => ({}) }),
  },
  {
    action: 'transfer',
    title: 'Transfer to another place of safety',
    submit: 'Record transfer',
    fields: [
      { name: 'toKind', label: 'Kind of place', kind: 'select', options: PLACE_OF_SAFETY_KINDS },
      { name: 'toName', label: 'Name of the place', kind: 'text' },
      ...placeFields('toKind'),
    ],
    check: (v) => {
      const place = checkPlace(v, 'toKind');
      return {
        errors: {
          toKind: choose('the kind of place', PLACE_OF_SAFETY_KINDS, v.toKind),
          toName: text(v.toName, { required: false, max: NAME_LIMIT }),
          ...place.errors,
        },
        body: () => ({ toKind: v.toKind, ...optional(v, 'toName'), ...place.body() }),
      };
    },
  },
  {
    action: 'welfare-check',
    title: 'Welfare check (police station)',
    submit: 'Record welfare check',
    fields: [
      { name: 'checkedBy', label: 'Checked by (id)', kind: 'text' },
      { name: 'profession', label: 'Their profession', kind: 'select', options: PROFESSIONS },
    ],
    check: (v) => ({
      errors: {
        checkedBy: text(v.checkedBy, { required: true, max: ID_LIMIT }),
        profession: choose('the profession', PROFESSIONS, v.profession),
      },
      body: () => ({ checkedBy: trimmed(v, 'checkedBy'), profession: v.profession }),
    }),
  },
  {
    action: 'extension',
    title: 'Extension (rule 4)',
    submit: 'Record extension',
    fields: [
      { name: 'hours', label: 'Hours', kind: 'number', hint: 'At most 12, once, before the period ends.' },
      { name: 'clinicianId', label: 'Authorised by (id)', kind: 'text' },
      {
        name: 'profession',
        label: 'Their profession',
        kind: 'select',
        options: PROFESSIONS,
        hint: 'The registered medical practitioner responsible.',
      },
      { name: 'superintendentId', label: 'Approving superintendent (id, at a police station)', kind: 'text' },
      { name: 'reason', label: 'Why assessment is impracticable', kind: 'textarea' },
    ],
    check: (v) => {
      const hours = Number(v.hours);
      return {
        errors: {
          hours:
            v.hours?.trim() && Number.isFinite(hours) && hours >= 0.25
              ? undefined
              : 'give the hours (at least 0.25)',
          clinicianId: text(v.clinicianId, { required: true, max: ID_LIMIT }),
          profession: choose('the profession', PROFESSIONS, v.profession),
          superintendentId: text(v.superintendentId, { required: false, max: ID_LIMIT }),
          reason: text(v.reason, { required: true, max: TEXT_LIMIT }),
        },
        body: () => ({
          hours,
          authorisedBy: { clinicianId: trimmed(v, 'clinicianId'), profession: v.profession },
          ...optional(v, 'superintendentId'),
          reason: trimmed(v, 'reason'),
        }),
      };
    },
  },
  {
    action: 'assessment',
    title: 'Assessment',
    submit: 'Record assessment',
    fields: [
      { name: 'outcome', label: 'Outcome', kind: 'select', options: ASSESSMENT_OUTCOMES },
      { name: 'clinicianId', label: 'Assessed by (id)', kind: 'text' },
    ],
    check: (v) => ({
      errors: {
        outcome: choose('the outcome', ASSESSMENT_OUTCOMES, v.outcome),
        clinicianId: text(v.clinicianId, { required: false, max: ID_LIMIT }),
      },
      body: () => ({ outcome: v.outcome, ...optional(v, 'clinicianId') }),
    }),
  },
  {
    action: 'end',
    title: 'End of the detention',
    submit: 'Record end',
    fields: [{ name: 'reason', label: 'Why it ended', kind: 'select', options: DETENTION_END_REASONS }],
    check: (v) => ({
      errors: { reason: choose('why the detention ended', DETENTION_END_REASONS, v.reason) },
      body: () => ({ reason: v.reason }),
    }),
  },
  {
    action: 'disposition',
    title: 'Disposition',
    submit: 'Record disposition',
    fields: [
      { name: 'disposition', label: 'Disposition', kind: 'select', options: DISPOSITIONS },
      { name: 'notes', label: 'Notes (optional)', kind: 'textarea' },
    ],
    check: (v) => ({
      errors: {
        disposition: choose('the disposition', DISPOSITIONS, v.disposition),
        notes: text(v.notes, { required: false, max: TEXT_LIMIT }),
      },
      body: () => ({ disposition: v.disposition, ...optional(v, 'notes') }),
    }),
  },
  {
    action: 'closure',
    title: 'Close the case',
    submit: 'Close case',
    fields: [],
    check: () => ({ errors: {}, body: () => ({}) }),
  },
];

/** `at` (a `datetime-local` value, the browser's local time; empty: now) and the late entry's reason. */
export function checkTiming(
  values: FormValues,
  context: TimingContext,
): { errors: FormErrors; body: Record<string, unknown> } {
  const raw = trimmed(values, 'at');
  const reason = trimmed(values, 'lateEntryReason');
  const errors: FormErrors = { lateEntryReason: text(reason, { required: false, max: TEXT_LIMIT }) };
  let at: string | null = null;
  if (raw !== '') {
    const ms = Date.parse(raw);
    if (Number.isNaN(ms)) errors.at = 'is not a time';
    else if (ms > context.nowMs + FUTURE_LIMIT_MS) errors.at = 'cannot be more than 2 minutes from now';
    else {
      at = new Date(ms).toISOString();
      const latest = context.lastRecordedAt === null ? NaN : Date.parse(context.lastRecordedAt);
      if (ms < latest - LATE_AFTER_MS && reason === '')
        errors.lateEntryReason =
          'is required: this is a late entry (more than 15 minutes before the latest record)';
    }
  }
  return { errors, body: { ...(at ? { at } : {}), ...(reason ? { lateEntryReason: reason } : {}) } };
}

/** The form's fields that apply to what has been chosen so far. */
export function visibleFields(spec: ActionSpec, values: FormValues): FieldSpec[] {
  return spec.fields.filter((field) => !field.when || field.when(values));
}

/** One action's form checked: the request body when every field is right, else the errors by field. */
export function checkAction(spec: ActionSpec, values: FormValues, context: TimingContext): CheckedForm {
  const own = spec.check(values);
  const timing = checkTiming(values, context);
  const errors = { ...own.errors, ...timing.errors };
  if (Object.values(errors).some(Boolean)) return { ok: false, errors };
  return { ok: true, body: { ...own.body(), ...timing.body } };
}

export function actionSpec(action: OutcomeAction): ActionSpec {
  return ACTIONS.find((spec) => spec.action === action)!;
}
