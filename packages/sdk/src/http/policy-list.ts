import { InvalidArgumentError } from '../errors.js';
import type { AddPolicyOptions, HttpResponse, PipelinePhase, PipelinePolicy, PipelineRequest, SendRequest } from './policy.js';

type Slot = 'Serialize' | 'None' | 'Deserialize' | 'Retry' | 'Sign';
const SLOTS: readonly Slot[] = ['Serialize', 'None', 'Deserialize', 'Retry', 'Sign'];

interface Entry {
  policy: PipelinePolicy;
  slot: Slot;
}

/**
 * The ordered policies of a pipeline, outermost first. Positions are resolved when a policy is added
 * (before/after a named policy, or in a phase), so the order is always the one `names()` shows.
 */
export class PolicyList {
  private readonly entries: Entry[] = [];

  add(policy: PipelinePolicy, options: AddPolicyOptions = {}): void {
    const given = [options.beforePolicies, options.afterPolicies, options.phase, options.afterPhase].filter((x) => x !== undefined);
    if (given.length > 1) throw new InvalidArgumentError('Give at most one of beforePolicies, afterPolicies, phase and afterPhase.');
    if (!policy || typeof policy.name !== 'string' || policy.name === '' || typeof policy.sendRequest !== 'function') {
      throw new InvalidArgumentError('A policy needs a name and a sendRequest function.');
    }
    if (this.entries.some((e) => e.policy.name === policy.name)) throw new InvalidArgumentError(`The pipeline already has a policy named '${policy.name}'.`);
    if (options.beforePolicies) {
      const i = Math.min(...options.beforePolicies.map((n) => this.indexOf(n)));
      this.entries.splice(i, 0, { policy, slot: this.entries[i].slot });
    } else if (options.afterPolicies) {
      const i = Math.max(...options.afterPolicies.map((n) => this.indexOf(n)));
      this.entries.splice(i + 1, 0, { policy, slot: this.entries[i].slot });
    } else if (options.afterPhase) {
      const slot = SLOTS[SLOTS.indexOf(options.afterPhase) + 1] ?? 'Sign';
      this.entries.splice(this.endOf(options.afterPhase), 0, { policy, slot });
    } else {
      const slot = options.phase ?? 'None';
      this.entries.splice(this.endOf(slot), 0, { policy, slot });
    }
  }

  /** Removes the named policy; false when there is none. */
  remove(name: string): boolean {
    const i = this.entries.findIndex((e) => e.policy.name === name);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  names(): string[] {
    return this.entries.map((e) => e.policy.name);
  }

  /** Runs the request through every policy, outermost first, then `transport`. */
  send(request: PipelineRequest, transport: SendRequest): Promise<HttpResponse> {
    const chain = this.entries.map((e) => e.policy).reduceRight<SendRequest>(
      (next, policy) => (req) => policy.sendRequest(req, next),
      transport,
    );
    return chain(request);
  }

  private indexOf(name: string): number {
    const i = this.entries.findIndex((e) => e.policy.name === name);
    if (i < 0) throw new InvalidArgumentError(`The pipeline has no policy named '${name}' (it has: ${this.names().join(', ')}).`);
    return i;
  }

  /** Index just past the last entry of `slot` or of any slot before it. */
  private endOf(slot: Slot | PipelinePhase): number {
    const rank = SLOTS.indexOf(slot);
    let end = 0;
    this.entries.forEach((e, i) => { if (SLOTS.indexOf(e.slot) <= rank) end = i + 1; });
    return end;
  }
}
