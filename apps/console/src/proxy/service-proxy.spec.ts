import { forwardedRequestHeaders, upstreamUrl } from './service-proxy';

describe('the forward to the services', () => {
  it('maps a path below /api/<service> onto the service, query included', () => {
    expect(upstreamUrl('http://127.0.0.1:3002', '/triage/queue/stream?limit=5').href).toBe(
      'http://127.0.0.1:3002/triage/queue/stream?limit=5',
    );
    expect(upstreamUrl('http://127.0.0.1:3002', '/').href).toBe('http://127.0.0.1:3002/');
  });

  it('keeps the path prefix of a service behind a gateway', () => {
    expect(upstreamUrl('https://gw.example/triage/', '/triage/x?a=1').href).toBe(
      'https://gw.example/triage/triage/x?a=1',
    );
  });

  it('passes the token, the access reason, If-Match and Last-Event-ID on, and nothing else of the browser', () => {
    const headers = forwardedRequestHeaders({
      headers: {
        authorization: 'Bearer t',
        'x-access-reason': 'Answering the call',
        'if-match': '"3"',
        'last-event-id': '42',
        accept: 'text/event-stream',
        cookie: 'session=secret',
        host: 'console.example',
        connection: 'keep-alive',
      },
      socket: { remoteAddress: '10.0.0.7' },
    } as never);
    expect(headers).toEqual({
      authorization: 'Bearer t',
      'x-access-reason': 'Answering the call',
      'if-match': '"3"',
      'last-event-id': '42',
      accept: 'text/event-stream',
      'x-forwarded-for': '10.0.0.7',
    });
  });
});
