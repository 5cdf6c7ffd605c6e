/**
 * The server span of one webhook-family request (only when tracing is on): continues the sender's
 * `traceparent`/`tracestate` headers (a malformed one starts a new trace), and is the parent of the
 * bus publish span of the event the handler dispatches (held in `tracer.request` for that hop).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from '../../api/index.js';
import { tracer } from '../../bus/index.js';

export async function tracedRequest<T>(
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
  handler: () => Promise<T>,
): Promise<T> {
  const b = tracer.b!;
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const parent = b.remote(req.headers[TRACEPARENT_HEADER], req.headers[TRACESTATE_HEADER]);
  const span = b.start(`${method} ${route}`, 'server', parent, {
    'http.request.method': method,
    'http.route': route,
    'url.path': q < 0 ? url : url.slice(0, q),
    'url.scheme': (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
    'server.port': req.socket.localPort ?? 0,
    'network.protocol.version': req.httpVersion,
    ...(req.headers['user-agent'] ? { 'user_agent.original': req.headers['user-agent'] } : {}),
  });
  try {
    return await (tracer.request ? tracer.request.run(span, handler) : handler());
  } catch (err) {
    b.fail(span, err);
    throw err;
  } finally {
    // the reply is written by the caller after this returns: the status is set when the response ends
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: 2 }); // SpanStatusCode.ERROR
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
  }
}
