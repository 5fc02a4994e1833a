import { LiveView, type LiveMessage } from './live-view';

interface Row {
  id: string;
  value: number;
  ticking: number;
}

function viewOver(rows: { current: Row[] }) {
  return new LiveView<Row>({
    name: 'test',
    read: async () => ({ asOf: '2026-12-02T10:00:00.000Z', items: rows.current }),
    key: (row) => row.id,
    volatile: ['ticking'],
    pollMs: 60_000,
    keep: 3,
  });
}

describe('LiveView', () => {
  it('gives a snapshot on connect, then one message per change, and none for what only the clock changed', async () => {
    const rows = { current: [{ id: 'a', value: 1, ticking: 0 }] };
    const view = viewOver(rows);
    const seen: LiveMessage[] = [];
    const unsubscribe = await view.subscribe((message) => seen.push(message));
    rows.current = [
      { id: 'a', value: 2, ticking: 5 },
      { id: 'b', value: 1, ticking: 0 },
    ];
    await view.refresh();
    rows.current = [{ id: 'b', value: 1, ticking: 9 }];
    await view.refresh();
    await view.refresh();
    expect(seen.map((message) => [message.event, message.data])).toEqual([
      ['snapshot', { asOf: '2026-12-02T10:00:00.000Z', items: [{ id: 'a', value: 1, ticking: 0 }] }],
      ['updated', { id: 'a', value: 2, ticking: 5 }],
      ['added', { id: 'b', value: 1, ticking: 0 }],
      ['removed', { key: 'a' }],
    ]);
    const ids = seen.map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
    unsubscribe();
  });

  it('reads a surge of refreshes at most once per minReadGapMs, and the last change is always read', async () => {
    const rows = { current: [{ id: 'a', value: 0, ticking: 0 }] };
    let reads = 0;
    const view = new LiveView<Row>({
      name: 'test',
      read: async () => {
        reads += 1;
        return { asOf: '2026-12-02T10:00:00.000Z', items: rows.current };
      },
      key: (row) => row.id,
      pollMs: 60_000,
      minReadGapMs: 100,
    });
    const seen: LiveMessage[] = [];
    const unsubscribe = await view.subscribe((message) => seen.push(message));
    reads = 0;
    const startedAt = Date.now();
    const refreshes: Promise<void>[] = [];
    for (let value = 1; value <= 30; value++) {
      rows.current = [{ id: 'a', value, ticking: 0 }];
      refreshes.push(view.refresh());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(refreshes);
    await view.refresh();
    const elapsed = Date.now() - startedAt;
    // One read at once, then at most one per 100 ms while commits keep coming (not 30).
    expect(reads).toBeGreaterThan(1);
    expect(reads).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(seen[seen.length - 1].data).toEqual({ id: 'a', value: 30, ticking: 0 });
    unsubscribe();
  });

  it('resumes after Last-Event-ID with exactly what was missed, and with a snapshot when that is no longer kept', async () => {
    const rows = { current: [] as Row[] };
    const view = viewOver(rows);
    const first: LiveMessage[] = [];
    const keepOpen = await view.subscribe((message) => first.push(message));
    rows.current = [{ id: 'a', value: 1, ticking: 0 }];
    await view.refresh();
    const lastSeen = first[first.length - 1].id;
    rows.current = [{ id: 'a', value: 2, ticking: 0 }];
    await view.refresh();

    const resumed: LiveMessage[] = [];
    (await view.subscribe((message) => resumed.push(message), lastSeen))();
    expect(resumed.map((message) => message.event)).toEqual(['updated']);

    const upToDate: LiveMessage[] = [];
    (
      await view.subscribe(
        (message) => upToDate.push(message),
        first[first.length - 1].id.replace(/-\d+$/, '-2'),
      )
    )();
    expect(upToDate).toEqual([]);

    for (let value = 3; value < 8; value++) {
      rows.current = [{ id: 'a', value, ticking: 0 }];
      await view.refresh();
    }
    const tooOld: LiveMessage[] = [];
    (await view.subscribe((message) => tooOld.push(message), lastSeen))();
    expect(tooOld.map((message) => message.event)).toEqual(['snapshot']);

    const otherEpoch: LiveMessage[] = [];
    (await view.subscribe((message) => otherEpoch.push(message), 'zzz-1'))();
    expect(otherEpoch.map((message) => message.event)).toEqual(['snapshot']);
    keepOpen();
  });

  it('ends every stream when it stops, and starts over (new ids) for the next subscriber', async () => {
    const rows = { current: [{ id: 'a', value: 1, ticking: 0 }] };
    const view = viewOver(rows);
    let ended = 0;
    const seen: LiveMessage[] = [];
    await view.subscribe(
      (message) => seen.push(message),
      null,
      () => (ended += 1),
    );
    view.stop();
    expect(ended).toBe(1);
    const after: LiveMessage[] = [];
    (await view.subscribe((message) => after.push(message), seen[0].id))();
    expect(after.map((message) => message.event)).toEqual(['snapshot']);
    expect(after[0].id).not.toBe(seen[0].id);
  });
});
