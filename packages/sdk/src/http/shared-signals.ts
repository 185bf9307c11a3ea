import { setMaxListeners } from 'node:events';

/**
 * Per caller signal, one linked signal (without a listener limit) shared by that caller's requests in
 * flight: undici adds one listener per request, which warned past 10 concurrent requests on one signal.
 */
export class SharedSignals {
  private readonly links = new WeakMap<AbortSignal, { signal: AbortSignal; users: number; detach(): void }>();

  acquire(parent: AbortSignal): { signal: AbortSignal; release: () => void } {
    let link = this.links.get(parent);
    if (!link) {
      const ac = new AbortController();
      setMaxListeners(0, ac.signal);
      const onAbort = () => ac.abort(parent.reason);
      if (parent.aborted) ac.abort(parent.reason);
      else parent.addEventListener('abort', onAbort, { once: true });
      const created = { signal: ac.signal, users: 0, detach: () => parent.removeEventListener('abort', onAbort) };
      this.links.set(parent, created);
      link = created;
    }
    const l = link;
    l.users++;
    let released = false;
    return {
      signal: l.signal,
      release: () => {
        if (released) return;
        released = true;
        if (--l.users === 0) {
          l.detach();
          if (this.links.get(parent) === l) this.links.delete(parent);
        }
      },
    };
  }
}
