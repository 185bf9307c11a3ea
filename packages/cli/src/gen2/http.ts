// How the DataLake SDK reaches a Gen2 endpoint: its own HTTP client (Node's https), given one keep-alive agent
// that trusts the emulator's CA and resolves `*.localhost` to loopback, as the toolkit's own client does.
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
import { localhostAwareLookup } from 'adls-gen1';
import { newPipeline, type Pipeline, type RequestPolicyFactory } from '@azure/storage-file-datalake';

export interface Gen2HttpOptions {
  /** Extra CA (PEM) to trust: the emulator's. */
  caPem?: string;
  /** Sockets per origin: the transfer's thread count. */
  connections?: number;
}

/** A Node https.Agent with the CLI's TLS trust and host resolution (the SDK's HTTP client honours `request.agent`). */
export function storageAgent(o: Gen2HttpOptions): Agent {
  return new Agent({
    keepAlive: true,
    maxSockets: Math.max(o.connections ?? 8, 1),
    lookup: localhostAwareLookup as never,
    // One trust context for all connections (a `ca` list would make Node parse the root store on every connect).
    ...(o.caPem ? { secureContext: createSecureContext({ ca: [...rootCertificates, o.caPem] }) } : {}),
  });
}

/**
 * The SDK's pipeline for `credential`, plus one policy factory that hands every request our agent. Custom
 * factories are the SDK's documented extension point of a Pipeline; the request's `agent` is carried through
 * to its Node HTTP client. This is scoped to these clients (NODE_EXTRA_CA_CERTS would be process-wide and
 * must be set before Node starts).
 */
export function storagePipeline(credential: Parameters<typeof newPipeline>[0], agent: Agent): Pipeline {
  const base = newPipeline(credential, { retryOptions: { maxTries: 4 } });
  const withAgent: RequestPolicyFactory = {
    create: (next) => ({
      sendRequest: (request) => {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
  // Added to the SDK's own pipeline object: it carries the credential the SDK's bearer/Shared Key policies use.
  base.factories.push(withAgent);
  return base;
}
