export * from './errors.js';
export * from './auth/types.js';
export { HttpPipeline, TokenCycler, DEFAULT_RETRY, retryDelay, isConnectionError, type PipelineOptions, type HttpRequest, type HttpResponse, type RequestBody, type RetryOptions } from './http/pipeline.js';
export { createAgent, localhostAwareLookup, type AgentOptions } from './http/agent.js';
