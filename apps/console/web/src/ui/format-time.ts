const TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** An instant as a person on the line reads it, in the browser's time zone: `2 Dec 2026, 10:04:05`. */
export function formatTime(iso: string): string {
  return TIME.format(new Date(iso));
}
