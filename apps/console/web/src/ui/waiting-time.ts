/** Whole seconds from `since` to `nowMs`; never negative (a clock a little behind the server's reads 0). */
export function secondsSince(since: string, nowMs: number): number {
  const from = Date.parse(since);
  if (Number.isNaN(from)) return 0;
  return Math.max(0, Math.floor((nowMs - from) / 1000));
}

/** `0:07`, `12:34`, `1:02:03`: a clock face, so a glance down the column compares waits. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${minutes}:${two(rest)}`;
}

/** The same wait in words, for screen readers: `1 hour 2 minutes`, `12 minutes 34 seconds`, `7 seconds`. */
export function describeDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (hours > 0)
    return [unit(hours, 'hour'), minutes > 0 ? unit(minutes, 'minute') : null].filter(Boolean).join(' ');
  if (minutes > 0)
    return [unit(minutes, 'minute'), rest > 0 ? unit(rest, 'second') : null].filter(Boolean).join(' ');
  return unit(rest, 'second');
}
