/** One Server-Sent Event as the parser hands it on: `data` is the JSON it carried, or its text when not JSON. */
export interface StreamEvent {
  id: string | null;
  event: string;
  data: unknown;
}

export interface EventStreamParser {
  /** Feeds the next piece of the stream's text; complete events are handed to `onEvent` as they end. */
  push(chunk: string): void;
  /** The last `id:` seen, to resume with `Last-Event-ID` after a reconnect. */
  readonly lastEventId: string | null;
  /** The last `retry:` (milliseconds) the server asked for. */
  readonly retryMs: number | null;
}

export interface ParserListeners {
  onEvent(event: StreamEvent): void;
  /** Comment lines (`: heartbeat`): they carry nothing but prove the stream is alive. */
  onComment?(text: string): void;
}

/**
 * The text/event-stream format as the WHATWG HTML standard defines it (the parse EventSource does): lines end with
 * CRLF, LF or CR; `field: value` with one optional space; several `data:` lines join with newlines; a blank line
 * dispatches; an event without data is not dispatched but its `id:` still counts. Chunks may split anywhere. We
 * parse it ourselves because EventSource cannot send the Authorization header.
 */
export function createEventStreamParser(listeners: ParserListeners): EventStreamParser {
  let buffer = '';
  let lastEventId: string | null = null;
  let retryMs: number | null = null;
  let eventType = '';
  let data: string[] = [];
  let pendingCr = false;

  const dispatch = () => {
    if (data.length > 0) {
      const text = data.join('\n');
      listeners.onEvent({ id: lastEventId, event: eventType || 'message', data: parseData(text) });
    }
    eventType = '';
    data = [];
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return listeners.onComment?.(text.slice(1).trim());
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'event') eventType = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
  };

  return {
    push(chunk: string) {
      buffer += chunk;
      // A CR at the end of the last chunk may be the first half of CRLF.
      if (pendingCr && buffer.startsWith('\n')) buffer = buffer.slice(1);
      pendingCr = false;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        line(buffer.slice(start, i));
        if (char === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
    get retryMs() {
      return retryMs;
    },
  };
}

function parseData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
