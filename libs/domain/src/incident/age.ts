/** Whole years between a calendar date of birth (`YYYY-MM-DD`) and an instant, as a UK birthday counts them. */
export function ageInYears(dateOfBirth: string, at: string): number {
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const now = new Date(at);
  let age = now.getUTCFullYear() - year;
  const monthNow = now.getUTCMonth() + 1;
  if (monthNow < month || (monthNow === month && now.getUTCDate() < day)) age -= 1;
  return age;
}
