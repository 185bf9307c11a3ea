import type { HttpResponse, PipelinePolicy } from '../policy.js';
import { redactUrl } from '../redact.js';

export const TRACING_POLICY = 'tracing';

/** What a tracing hook is told about one send: no headers, and the URL redacted as in logs. */
export interface TracedRequest {
  method: string;
  url: string;
  clientRequestId: string;
  /** 1 for the first send of a call, 2 for its first retry or token refresh, … */
  attempt: number;
}

/** Hooks around every send (each retry is a send of its own, as OpenTelemetry's HTTP client spans are). */
export interface TracingHooks {
  /** Called before the send; what it returns (a span, say) is handed to `end`. */
  start(request: TracedRequest): unknown;
  end(span: unknown, outcome: { response?: Pick<HttpResponse, 'status' | 'requestId'>; error?: unknown }): void;
}

export function tracingPolicy(hooks?: TracingHooks): PipelinePolicy {
  return {
    name: TRACING_POLICY,
    async sendRequest(req, next) {
      if (!hooks) return next(req);
      const span = hooks.start({ method: req.method, url: redactUrl(req.url), clientRequestId: req.clientRequestId, attempt: req.attempts + 1 });
      try {
        const res = await next(req);
        hooks.end(span, { response: { status: res.status, requestId: res.requestId } });
        return res;
      } catch (e) {
        hooks.end(span, { error: e });
        throw e;
      }
    },
  };
}
