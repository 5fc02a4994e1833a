import { createEventStreamParser, type StreamEvent } from './event-stream-parser';

function parse(...chunks: string[]) {
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  const parser = createEventStreamParser({
    onEvent: (event) => events.push(event),
    onComment: (text) => comments.push(text),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { events, comments, parser };
}

describe('the event-stream parser', () => {
  it("reads the services' events: id, event name and JSON data", () => {
    const { events } = parse('retry: 3000\n\nid: 7\nevent: removed\ndata: {"key":"a"}\n\n');
    expect(events).toEqual([{ id: '7', event: 'removed', data: { key: 'a' } }]);
  });

  it('puts together an event split across chunks anywhere, even inside CRLF', () => {
    const { events } = parse('id: 1\r', '\nevent: add', 'ed\r\ndata: {"incident', 'Id":"x"}\r\n\r', '\n');
    expect(events).toEqual([{ id: '1', event: 'added', data: { incidentId: 'x' } }]);
  });

  it('joins several data lines with newlines and keeps text that is not JSON', () => {
    const { events } = parse('data: first\ndata: second\n\n');
    expect(events).toEqual([{ id: null, event: 'message', data: 'first\nsecond' }]);
  });

  it('reports comments (the heartbeat) without dispatching an event', () => {
    const { events, comments } = parse(': heartbeat\n\n');
    expect(events).toEqual([]);
    expect(comments).toEqual(['heartbeat']);
  });

  it('keeps the last id for the resume even from an event without data, and the retry the server asked for', () => {
    const { events, parser } = parse('retry: 2500\nid: 41\n\nid: 42\n\n');
    expect(events).toEqual([]);
    expect(parser.lastEventId).toBe('42');
    expect(parser.retryMs).toBe(2500);
  });

  it('does not dispatch an event until its blank line arrives', () => {
    const { events } = parse('id: 3\nevent: updated\ndata: {}\n');
    expect(events).toEqual([]);
  });

  it('carries the id of an earlier event to later ones that have none, as EventSource does', () => {
    const { events } = parse('id: 9\ndata: 1\n\ndata: 2\n\n');
    expect(events.map((event) => event.id)).toEqual(['9', '9']);
  });
});
