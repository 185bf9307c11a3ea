import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process. V8 allocates objects straight in the old generation
 * when most objects from the same allocation site survived a scavenge. A large upload makes that happen: its
 * requests live for hundreds of milliseconds, and they are built by the same code (Node's HTTP and TLS layers, our
 * request context) as every short request after it. Once those sites are tenured, each short request's old-generation
 * objects keep its young ones alive through scavenges until the next full GC. After a 1 GiB upload, GETFILESTATUS at
 * 64 clients spent 358–651 ms of each 5 s in GC instead of 43–57 ms, and 166–180 instead of 126–145 µs of CPU per
 * request (bench/FINDINGS.md, "The GETFILESTATUS row after a large upload"). V8 reads the flag when it weighs
 * pretenuring feedback, at each GC, so setting it at start-up takes effect.
 */
export function disablePretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
