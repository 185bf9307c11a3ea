import { randomUUID } from 'node:crypto';
import type { AzureLogger } from '@azure/logger';
import type { Agent, Dispatcher } from 'undici';
import type { TokenCredential } from '../auth/types.js';
import { createAgent, type AgentOptions } from './agent.js';
import { dispatch } from './dispatch.js';
import { logger as sdkLogger } from './log.js';
import type { AddPolicyOptions, HttpRequest, HttpResponse, PipelinePolicy, PipelineRequest } from './policy.js';
import { PolicyList } from './policy-list.js';
import { bearerTokenPolicy } from './policies/bearer-token.js';
import { logPolicy } from './policies/log.js';
import { requestIdPolicy } from './policies/request-id.js';
import { DEFAULT_RETRY, retryPolicy, type RetryOptions } from './policies/retry.js';
import { tracingPolicy, type TracingHooks } from './policies/tracing.js';
import { userAgentPolicy } from './policies/user-agent.js';
import { SharedSignals } from './shared-signals.js';
import { TokenCycler } from './token-cycler.js';

export interface PipelineOptions extends AgentOptions {
  credential?: TokenCredential;
  /** Scopes to request for the bearer token, e.g. ['https://datalake.azure.net//.default']. */
  scopes?: string[];
  retry?: Partial<RetryOptions>;
  userAgent?: string;
  /** Use this dispatcher instead of creating a pool (shared pools, tests). */
  dispatcher?: Dispatcher;
  /** Your own policies, each at a named position (default: after the logging policy, once per call). */
  additionalPolicies?: { policy: PipelinePolicy; position?: AddPolicyOptions }[];
  /** Hooks called around every send (spans), told the method, redacted URL, request id and attempt. */
  tracing?: TracingHooks;
  /** Where the pipeline logs (default: the SDK's `azure:adls-gen1` logger). */
  logger?: AzureLogger;
}

/**
 * The shared HTTP pipeline of every client, as an ordered list of named policies in the manner of
 * @azure/core-rest-pipeline's `createPipelineFromOptions`, outermost first:
 * `requestId` ▸ `userAgent` ▸ `log` ▸ (your policies) ▸ `retry` ▸ `bearerToken` (with a credential) ▸
 * `tracing` ▸ the undici pool. `addPolicy` puts another one before/after a named policy or in a phase.
 */
export class HttpPipeline {
  readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  /** Retry settings (defaults filled in); clients sharing this pipeline use them for their own retries too. */
  readonly retry: Readonly<RetryOptions>;
  private readonly policies = new PolicyList();
  private readonly signals = new SharedSignals();

  constructor(opts: PipelineOptions = {}) {
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher = opts.dispatcher ?? createAgent(opts);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    const logger = opts.logger ?? sdkLogger;
    this.policies.add(requestIdPolicy(), { phase: 'Serialize' });
    this.policies.add(userAgentPolicy(opts.userAgent), { phase: 'Serialize' });
    this.policies.add(logPolicy(logger));
    this.policies.add(retryPolicy({ ...this.retry, logger }), { phase: 'Retry' });
    if (opts.credential && opts.scopes) this.policies.add(bearerTokenPolicy(new TokenCycler(opts.credential, opts.scopes), logger), { phase: 'Sign' });
    this.policies.add(tracingPolicy(opts.tracing), { phase: 'Sign' });
    for (const { policy, position } of opts.additionalPolicies ?? []) this.policies.add(policy, position);
  }

  /** Adds a policy at a named position (before/after named policies, or in a phase). */
  addPolicy(policy: PipelinePolicy, options?: AddPolicyOptions): void {
    this.policies.add(policy, options);
  }

  /** Removes the named policy; false when there is none. */
  removePolicy(name: string): boolean {
    return this.policies.remove(name);
  }

  /** The policy names, outermost first. */
  policyNames(): string[] {
    return this.policies.names();
  }

  /**
   * Sends through the policies. A caller's AbortSignal gets one listener however many requests share it;
   * it is removed once the last of them is done (for a streamed body: when the body closes).
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    if (!req.abortSignal) return this.run(req, undefined);
    const link = this.signals.acquire(req.abortSignal);
    let res: HttpResponse;
    try {
      res = await this.run(req, link.signal);
    } catch (e) {
      link.release();
      throw e;
    }
    if (req.bufferBody || res.body.destroyed || res.body.readableEnded) link.release();
    else res.body.once('close', link.release);
    return res;
  }

  private run(req: HttpRequest, abortSignal: AbortSignal | undefined): Promise<HttpResponse> {
    const method = req.method.toUpperCase();
    const request: PipelineRequest = {
      method,
      url: new URL(String(req.url)),
      headers: { ...req.headers },
      body: req.body,
      abortSignal,
      idempotent: req.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(method),
      allowRetry: req.retry !== false,
      bufferBody: req.bufferBody === true,
      clientRequestId: randomUUID(),
      attempts: 0,
    };
    return this.policies.send(request, (r) => dispatch(this.dispatcher, r));
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await (this.dispatcher as Agent).close();
  }
}

// What the clients import from here.
export type { HttpRequest, HttpResponse, RequestBody, SizedBody } from './policy.js';
export { isSizedBody, knownLength } from './policy.js';
export { DEFAULT_RETRY, RETRY_STATUS, retryDelay, isConnectionError, type RetryOptions } from './policies/retry.js';
export { TokenCycler } from './token-cycler.js';
