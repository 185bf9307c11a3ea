import { RemoteError } from '../errors.js';
import type { Page } from './models.js';

/** An async iterator of items that can also be walked page by page (the @azure/core-paging shape). */
export interface PagedAsyncIterableIterator<T> extends AsyncIterableIterator<T> {
  /** Pages of items; `continuationToken` is a nextLink from an earlier page, to resume there. */
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
}

/** Fetches one page given its absolute URL. */
export type PageFetcher<T> = (url: string) => Promise<Page<T>>;

/**
 * Lists by following `nextLink` until a page has none. Nothing is sent until iteration starts.
 * `resolveNext` vets each nextLink (see ArmClient.trustedServiceUrl).
 */
export function pagedList<T>(firstUrl: string, fetchPage: PageFetcher<T>, resolveNext: (link: string) => string): PagedAsyncIterableIterator<T> {
  async function* pages(start: string): AsyncIterableIterator<T[] & { continuationToken?: string }> {
    let url: string | undefined = start;
    const seen = new Set<string>();
    while (url) {
      // A service that hands out the same link twice would otherwise loop forever.
      if (seen.has(url)) throw new RemoteError('BAD_RESPONSE', `The service repeated the page link ${url}.`);
      seen.add(url);
      const page = await fetchPage(url);
      if (!page || !Array.isArray(page.value)) throw new RemoteError('BAD_RESPONSE', 'A list page had no "value" array.');
      url = page.nextLink ? resolveNext(page.nextLink) : undefined;
      yield Object.assign([...page.value], { continuationToken: url });
    }
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages(firstUrl)) yield* page;
  }
  const it = items();
  return {
    next: () => it.next(),
    [Symbol.asyncIterator]() { return this; },
    byPage: (settings = {}) => pages(settings.continuationToken ? resolveNext(settings.continuationToken) : firstUrl),
  };
}

/** Collects every item of an async iterable (convenience for small lists). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}
