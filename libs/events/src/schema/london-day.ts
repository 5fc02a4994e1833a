/**
 * The line works in London: a date without a time (`?from=2026-12-01`) means the start of that day there, 00:00 GMT
 * in winter and 00:00 BST (23:00Z the day before) in summer. The offset comes from the platform's time-zone data
 * (Intl), so a change in the rules needs no change here.
 */
export const LINE_TIME_ZONE = 'Europe/London';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: LINE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** London's offset from UTC at `epochMs`, in milliseconds (0 in GMT, 3 600 000 in BST). */
export function londonOffsetMs(epochMs: number): number {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(epochMs)).map((part) => [part.type, Number(part.value)]),
  );
  const asIfUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asIfUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The instant London's day `date` (`YYYY-MM-DD`, a real calendar day) begins, as an ISO string in UTC. Midnight is
 * never skipped or repeated there (the clocks change at 01:00 GMT), so it is the one instant whose London time is
 * 00:00 on that day: the offset at UTC midnight, checked once more at the instant it gives.
 */
export function startOfLondonDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const utcMidnight = Date.UTC(year, month - 1, day);
  const guess = utcMidnight - londonOffsetMs(utcMidnight);
  return new Date(utcMidnight - londonOffsetMs(guess)).toISOString();
}
