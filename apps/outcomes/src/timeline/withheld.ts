import { ERASED_VALUE, isEncryptedValue } from '@rcrp/personal-data';

/** What a personal field of another service reads as on a timeline: outcomes holds no key to it. */
export const WITHHELD_VALUE = '[withheld]';

/**
 * A copy of `data` with every encrypted value (another service's personal field, which this service cannot
 * decrypt) replaced by `[withheld]`, and the dotted paths that were withheld. Ciphertext is never shown.
 */
export function withholdCiphertext(
  data: unknown,
  { erased = false }: { erased?: boolean } = {},
): { data: unknown; withheld: string[] } {
  const withheld: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (isEncryptedValue(value)) {
      withheld.push(path);
      // Once the subject is erased (SubjectDataErased consumed), nobody may ever read the value: say so.
      return erased ? ERASED_VALUE : WITHHELD_VALUE;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, `${path}.${index}`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key)]),
      );
    }
    return value;
  };
  return { data: walk(data, ''), withheld };
}
