import { sleep } from '../http/sleep.js';
import { AbortError, AdlsError, InvalidArgumentError, RemoteError, throwIfAborted } from '../errors.js';
import type { ArmClient, ArmResponse } from './arm-client.js';
import { parseArmError } from './arm-errors.js';
import { headerValue, retryAfterMs } from '../http/retry-after.js';

export type LroStatus = 'running' | 'succeeded' | 'failed' | 'canceled';

/**
 * How the operation is followed, in ARM's order of preference: the `Azure-AsyncOperation` status resource,
 * the `Location` result URL, the resource's own `provisioningState` (PUT/PATCH), or nothing (finished at once).
 */
export type LroMode = 'azure-async-operation' | 'location' | 'body' | 'none';

export interface LroState<T> {
  status: LroStatus;
  mode: LroMode;
  /** Polls sent so far. */
  polls: number;
  result?: T;
  error?: AdlsError;
}

/** What a poller needs to know about the operation it follows. */
export interface LroSpec<T> {
  arm: ArmClient;
  method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** URL of the initial request (with api-version): re-read for PUT/PATCH results and in body mode. */
  resourceUrl: string;
  /** Human description for errors, e.g. "Create account 'x'". */
  operation: string;
  /** Builds the result from the final body (DELETE: ignore it). */
  toResult(body: unknown): T;
  pollIntervalMs?: number;
}

/** The JSON form of a poller (toString()), to resume it in another process with `resumeFrom`. */
interface SerializedLro {
  adlsLro: 1;
  method: string;
  resourceUrl: string;
  mode: LroMode;
  pollUrl?: string;
}

export interface PollOptions { abortSignal?: AbortSignal }

const TERMINAL: Record<string, LroStatus> = { succeeded: 'succeeded', failed: 'failed', canceled: 'canceled', cancelled: 'canceled' };

/** Maps an ARM status string to an LroStatus (case-insensitive); any other value means "still running". */
export function classifyStatus(value: unknown): LroStatus | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return TERMINAL[value.toLowerCase()] ?? 'running';
}

function provisioningStateOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { properties?: { provisioningState?: unknown }; provisioningState?: unknown };
  const s = b.properties?.provisioningState ?? b.provisioningState;
  return typeof s === 'string' ? s : undefined;
}

/**
 * Follows an ARM long-running operation (spec management-api §3, §10.2): polls immediately once, then waits
 * `Retry-After` (or the poll interval) between polls; Succeeded/Failed/Canceled end it, case-insensitively.
 */
export class LroPoller<T> {
  private state: LroState<T>;
  private pollUrl?: string;
  private nextDelayMs?: number;
  private readonly listeners = new Set<(state: LroState<T>) => void>();

  private constructor(private readonly spec: LroSpec<T>, mode: LroMode, status: LroStatus, pollUrl?: string) {
    this.state = { status, mode, polls: 0 };
    this.pollUrl = pollUrl;
  }

  /** Starts following an operation from the response to its initial request. */
  static fromInitialResponse<T>(spec: LroSpec<T>, res: ArmResponse): LroPoller<T> {
    const asyncOp = headerValue(res.headers, 'azure-asyncoperation');
    const location = headerValue(res.headers, 'location');
    let poller: LroPoller<T>;
    if (asyncOp) {
      poller = new LroPoller(spec, 'azure-async-operation', 'running', spec.arm.trustedServiceUrl(asyncOp));
    } else if (location) {
      poller = new LroPoller(spec, 'location', 'running', spec.arm.trustedServiceUrl(location));
    } else if (spec.method === 'PUT' || spec.method === 'PATCH') {
      // Initial status by code, as azure-mgmt-core does: 202 running, 201 body or running, 200 body or done, 204 done.
      const fromBody = classifyStatus(provisioningStateOf(res.body));
      const status: LroStatus = res.status === 202 ? 'running' : res.status === 204 ? 'succeeded'
        : fromBody ?? (res.status === 201 ? 'running' : 'succeeded');
      poller = new LroPoller(spec, status === 'running' ? 'body' : 'none', status, spec.resourceUrl);
      poller.settle(status, res.body);
    } else {
      poller = new LroPoller(spec, 'none', 'succeeded');
      poller.settle('succeeded', res.body);
    }
    poller.nextDelayMs = pollDelayMs(res.headers);
    return poller;
  }

  /** Rebuilds a poller from toString() output, e.g. after a restart. The operation must be the same. */
  static resume<T>(spec: LroSpec<T>, serialized: string): LroPoller<T> {
    let s: SerializedLro;
    try { s = JSON.parse(serialized) as SerializedLro; } catch { throw new InvalidArgumentError('resumeFrom is not a serialized poller state.'); }
    if (s?.adlsLro !== 1 || typeof s.resourceUrl !== 'string') throw new InvalidArgumentError('resumeFrom is not a serialized poller state.');
    if (s.method !== spec.method || s.resourceUrl.toLowerCase() !== spec.resourceUrl.toLowerCase()) {
      throw new InvalidArgumentError(`resumeFrom belongs to another operation (${s.method} ${s.resourceUrl}).`);
    }
    if ((s.mode === 'azure-async-operation' || s.mode === 'location') && s.pollUrl) {
      return new LroPoller(spec, s.mode, 'running', spec.arm.trustedServiceUrl(s.pollUrl));
    }
    // Finished or body-polled operations: re-read the resource (a DELETE that finished stays finished).
    if (spec.method === 'PUT' || spec.method === 'PATCH') return new LroPoller(spec, 'body', 'running', spec.resourceUrl);
    const done = new LroPoller(spec, 'none', 'succeeded');
    done.settle('succeeded', undefined);
    return done;
  }

  isDone(): boolean {
    return this.state.status !== 'running';
  }

  getOperationState(): LroState<T> {
    return { ...this.state };
  }

  /** The result once succeeded, else undefined. */
  getResult(): T | undefined {
    return this.state.result;
  }

  /** Calls `listener` after every poll; returns a function that unsubscribes it. */
  onProgress(listener: (state: LroState<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Serialized state for `resumeFrom` (no tokens or secrets: URLs only). */
  toString(): string {
    const s: SerializedLro = { adlsLro: 1, method: this.spec.method, resourceUrl: this.spec.resourceUrl, mode: this.state.mode, pollUrl: this.pollUrl };
    return JSON.stringify(s);
  }

  /** Sends one poll (no waiting). Throws if the poll itself fails; a failed operation is reported by pollUntilDone. */
  async poll(options: PollOptions = {}): Promise<void> {
    if (this.isDone()) return;
    throwIfAborted(options.abortSignal);
    const { arm, operation } = this.spec;
    let res: ArmResponse;
    try {
      res = await arm.send('GET', this.pollUrl ?? this.spec.resourceUrl, { abortSignal: options.abortSignal, operation: `${operation} (status poll)` });
    } catch (e) {
      // Any non-2xx answer to a poll fails the operation, as in both Azure SDKs; aborts leave it resumable.
      if (!(e instanceof AbortError) && e instanceof AdlsError && e.status !== undefined) this.fail('failed', e);
      throw e;
    }
    this.state.polls++;
    this.nextDelayMs = pollDelayMs(res.headers);
    switch (this.state.mode) {
      case 'azure-async-operation': {
        const status = classifyStatus((res.body as { status?: unknown } | undefined)?.status) ?? 'running';
        if (status === 'succeeded') {
          await this.finishWithResource(res.body, options);
        } else if (status !== 'running') {
          this.fail(status, this.operationError(status, res));
        }
        break;
      }
      case 'location': {
        if (res.status === 202) {
          const next = headerValue(res.headers, 'location');
          if (next) this.pollUrl = arm.trustedServiceUrl(next);
        } else {
          await this.finishWithResource(res.body, options);
        }
        break;
      }
      case 'body': {
        const status = classifyStatus(provisioningStateOf(res.body)) ?? 'succeeded';
        if (status === 'succeeded') this.settle('succeeded', res.body);
        else if (status !== 'running') this.fail(status, this.operationError(status, res));
        break;
      }
      case 'none':
        break;
    }
    this.emit();
  }

  /** Polls until the operation ends; resolves with its result, or throws its error (AbortError when aborted). */
  async pollUntilDone(options: PollOptions = {}): Promise<T> {
    if (!this.isDone()) {
      await this.poll(options);
      while (!this.isDone()) {
        const delay = this.nextDelayMs ?? this.spec.pollIntervalMs ?? this.spec.arm.pollIntervalMs;
        await sleep(delay, options.abortSignal);
        await this.poll(options);
      }
    }
    if (this.state.error) throw this.state.error;
    return this.state.result as T;
  }

  /** After success: PUT/PATCH read the resource (or the status body's `resourceLocation`); DELETE/POST take the body as is. */
  private async finishWithResource(body: unknown, options: PollOptions): Promise<void> {
    const { spec } = this;
    if (spec.method === 'PUT' || spec.method === 'PATCH') {
      const loc = (body as { resourceLocation?: unknown } | undefined)?.resourceLocation;
      const url = typeof loc === 'string' && loc ? spec.arm.trustedServiceUrl(loc) : spec.resourceUrl;
      const res = await spec.arm.send('GET', url, { abortSignal: options.abortSignal, operation: `${spec.operation} (final read)` });
      this.settle('succeeded', res.body);
    } else {
      this.settle('succeeded', body);
    }
  }

  private settle(status: LroStatus, body: unknown): void {
    if (status === 'succeeded') {
      this.state.status = 'succeeded';
      this.state.result = this.spec.toResult(body);
      this.state.mode = 'none';
    } else if (status !== 'running') {
      this.fail(status, this.operationError(status, { status: 200, headers: {}, body, requestId: '' }));
    }
  }

  private fail(status: LroStatus, error: AdlsError): void {
    this.state.status = status === 'canceled' ? 'canceled' : 'failed';
    this.state.error = error;
  }

  private operationError(status: LroStatus, res: ArmResponse): AdlsError {
    const body = res.body as { error?: unknown; properties?: { error?: unknown } } | undefined;
    const err = parseArmError(body?.error ? body : body?.properties?.error ? body.properties : undefined);
    const what = status === 'canceled' ? 'was canceled' : 'failed';
    const detail = err ? `: ${err.code}: ${err.message}` : '';
    return new RemoteError(status === 'canceled' ? 'OPERATION_CANCELED' : 'OPERATION_FAILED', `${this.spec.operation} ${what}${detail}`, {
      status: res.status, remoteCode: err?.code, requestId: res.requestId || undefined,
    });
  }

  private emit(): void {
    const snapshot = this.getOperationState();
    for (const l of this.listeners) {
      try { l(snapshot); } catch { /* a listener's bug must not break polling */ }
    }
  }
}

/** The poll delay a response asks for; zero counts as absent (as in the Azure SDKs' LRO pollers): the poll interval applies. */
function pollDelayMs(headers: Record<string, string | string[] | undefined>): number | undefined {
  return retryAfterMs(headers) || undefined;
}
