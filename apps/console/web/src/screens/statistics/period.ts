/**
 * The period a person chooses on the statistics screen: two calendar days, both included, as the date inputs give
 * them (`YYYY-MM-DD`). The services take a date as the start of that day in London (docs/operations.md, "Dates in
 * range queries"), so the period is sent as `from=<first day>&to=<the day after the last>` and the console never
 * works out a time zone itself. Only calendar arithmetic here: a day is a date, not 24 hours.
 */
export interface Period {
  /** The first day, included. */
  from: string;
  /** The last day, included (what the person chose). */
  through: string;
}

/** One window of the series (a day, or a week of a long period), as the services are asked for it. */
export interface Window {
  /** The first day, shown as the window's label. */
  label: string;
  from: string;
  /** The day after the window's last day: the services' exclusive `to`. */
  to: string;
}

/** Above this many days the series goes by week, so a year is 53 requests rather than 366. */
export const MAX_DAILY_DAYS = 31;
export const MAX_PERIOD_DAYS = 366;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(date: string): number | null {
  if (!DATE.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March: a date that does not come back as written is not a date.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const day = dayNumber(date);
  if (day === null) throw new Error(`not a date: ${date}`);
  return dateOf(day + days);
}

/** The 30 days up to and including `today` (the services' own default is 30 days too). */
export function defaultPeriod(today: string): Period {
  return { from: addDays(today, -29), through: today };
}

/** Today's date as the person's browser has it (the services read the dates in London). */
export function todayOf(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** What is wrong with a chosen period, field by field; empty when it can be asked for. */
export function periodProblems(period: Period): Partial<Record<keyof Period, string>> {
  const from = dayNumber(period.from);
  const through = dayNumber(period.through);
  const problems: Partial<Record<keyof Period, string>> = {};
  if (from === null) problems.from = 'Enter the first day as a date';
  if (through === null) problems.through = 'Enter the last day as a date';
  if (from !== null && through !== null) {
    if (through < from) problems.through = 'The last day must not be before the first';
    else if (through - from + 1 > MAX_PERIOD_DAYS)
      problems.through = `Choose at most ${MAX_PERIOD_DAYS} days`;
  }
  return problems;
}

/** The period's `from` and `to` query values: the first day, and the day after the last. */
export function periodQuery(period: Period): { from: string; to: string } {
  return { from: period.from, to: addDays(period.through, 1) };
}

export function daysIn(period: Period): number {
  return (dayNumber(period.through) ?? 0) - (dayNumber(period.from) ?? 0) + 1;
}

/**
 * The windows of the series over time: one per day up to MAX_DAILY_DAYS days, else one per 7 days from the first
 * day (the last window ends with the period, so it may be shorter). Together they cover the period exactly.
 */
export function seriesWindows(period: Period): { unit: 'day' | 'week'; windows: Window[] } {
  const days = daysIn(period);
  const step = days <= MAX_DAILY_DAYS ? 1 : 7;
  const windows: Window[] = [];
  for (let offset = 0; offset < days; offset += step) {
    const from = addDays(period.from, offset);
    windows.push({ label: from, from, to: addDays(period.from, Math.min(offset + step, days)) });
  }
  return { unit: step === 1 ? 'day' : 'week', windows };
}
