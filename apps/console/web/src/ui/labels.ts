/**
 * A vocabulary value as a person reads it: `registered-nurse` → `Registered nurse`, `mha-transport` →
 * `MHA transport`. Acronyms the line uses stay in capitals.
 */
const ACRONYMS = new Set(['mha', 'amhp', 'gp', 'awol', 's136', 'cad', 'mps']);

export function labelOf(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const words = value.split('-').map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word));
  const first = words[0] ?? '';
  words[0] = ACRONYMS.has(first.toLowerCase()) ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}
