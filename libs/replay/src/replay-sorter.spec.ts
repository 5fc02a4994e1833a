import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compareOrderKeys } from './event-order';
import { ReplaySorter, type SortItem } from './replay-sorter';

/** Deterministic pseudo-random items with many ties on the times, and multi-byte text split across read chunks. */
function items(count: number): SortItem[] {
  let seed = 42;
  const random = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % limit;
  };
  return Array.from({ length: count }, (_, index) => ({
    occurredAt: random(500) - 100,
    recordedAt: random(3),
    topicIndex: random(2),
    partition: random(6),
    offset: index,
    type: 'IncidentReported',
    json: Buffer.from(
      JSON.stringify({ n: index, text: `Zoë ✓ "tab\there"\nline ${'é'.repeat(random(80))}` }),
    ),
  }));
}

/** Items as text (jest compares Buffers byte by byte, slowly). */
const asText = (list: readonly SortItem[]): string[] =>
  list.map(
    (item) =>
      `${item.occurredAt}|${item.recordedAt}|${item.topicIndex}|${item.partition}|${item.offset}|${item.type}|${item.json.toString('utf8')}`,
  );

async function drain(sorter: ReplaySorter): Promise<string[]> {
  const out: SortItem[] = [];
  for await (const item of sorter.sorted()) out.push(item);
  return asText(out);
}

const replayDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('rcrp-replay-'));

describe('ReplaySorter', () => {
  it('sorts in memory when the selection fits in one run', async () => {
    const input = items(2_000);
    const sorter = new ReplaySorter();
    for (const item of input) sorter.add(item);
    await sorter.spillIfFull();
    expect(await drain(sorter)).toEqual(asText([...input].sort(compareOrderKeys)));
    expect(sorter.spilledRuns).toBe(0);
    await sorter.dispose();
  });

  // Small runs: many of them. Large runs: files longer than the reader's 1 MiB chunk, so lines (and multi-byte
  // characters) are split across chunks.
  it.each([
    ['many small runs', 256 * 1024, 10],
    ['runs longer than a read chunk', 3 * 2 ** 20, 1],
  ])(
    'gives exactly the same order through %s on disk, and removes them afterwards',
    async (_name, runBytes, minimumRuns) => {
      const input = items(30_000);
      const before = new Set(replayDirs());
      const sorter = new ReplaySorter(runBytes);
      for (const [index, item] of input.entries()) {
        sorter.add(item);
        if (index % 100 === 99) await sorter.spillIfFull();
      }
      const output = await drain(sorter);
      expect(sorter.spilledRuns).toBeGreaterThan(minimumRuns);
      expect(output).toHaveLength(input.length);
      expect(output).toEqual(asText([...input].sort(compareOrderKeys)));
      const created = replayDirs().filter((name) => !before.has(name));
      expect(created).toHaveLength(1);
      await sorter.dispose();
      expect(existsSync(`${tmpdir()}/${created[0]}`)).toBe(false);
    },
  );
});
