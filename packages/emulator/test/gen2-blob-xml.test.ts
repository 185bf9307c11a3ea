// Blob API XML bodies (Gen2): List Containers / List Blobs replies and Put Block List / Get Block List, as pure modules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { blobListXml, type BlobEntry } from '../src/gen2/blob/blob-list-xml.js';
import { blockListXml, parseBlockList } from '../src/gen2/blob/block-list-xml.js';
import { containerListXml } from '../src/gen2/blob/container-list-xml.js';

const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (n) => ['Container', 'Blob', 'BlobPrefix', 'Block'].includes(n) }).parse(xml);
const T = Date.UTC(2023, 2, 7, 19, 37, 49);

describe('gen2 blob XML', () => {
  it('lists containers with metadata, escaping, and an empty NextMarker on the last page', () => {
    const xml = containerListXml({
      serviceEndpoint: 'https://acc.blob.core.windows.net/', prefix: 'fs<&>', maxResults: 1,
      containers: [{ name: 'fs1', lastModified: T, etag: '"0x1"', metadata: { key: 'v&"<' } }], nextMarker: '',
    });
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="https://acc.blob.core.windows.net/">'));
    assert.match(xml, /<NextMarker\/><\/EnumerationResults>$/);
    const r = parse(xml).EnumerationResults;
    assert.equal(r.Prefix, 'fs<&>');
    assert.equal(r.MaxResults, '1');
    assert.equal(r.Marker, undefined);
    const c = r.Containers.Container[0];
    assert.equal(c.Name, 'fs1');
    assert.equal(c.Properties['Last-Modified'], 'Tue, 07 Mar 2023 19:37:49 GMT');
    assert.equal(c.Properties.Etag, '"0x1"');
    assert.equal(c.Properties.LeaseState, 'available');
    assert.deepEqual(c.Metadata, { key: 'v&"<' });
  });

  it('leaves metadata out unless asked, and carries the next marker', () => {
    const r = parse(containerListXml({ serviceEndpoint: 'e', containers: [{ name: 'a', lastModified: T, etag: 'x' }], nextMarker: '/acc/b', marker: '/acc/a' })).EnumerationResults;
    assert.equal(r.Containers.Container[0].Metadata, undefined);
    assert.equal(r.NextMarker, '/acc/b');
    assert.equal(r.Marker, '/acc/a');
  });

  const file: BlobEntry = { name: 'd/f.txt', kind: 'file', created: T, lastModified: T, etag: '"0x2"', contentLength: 11, contentType: 'text/plain', contentMD5: 'AAAA', metadata: { a: 'b' } };
  const dir: BlobEntry = { name: 'd', kind: 'dir', created: T, lastModified: T, etag: '"0x3"', contentLength: 0, metadata: { hdi_isfolder: 'true' } };

  it('lists blobs flat: directories as blobs with hdi_isfolder and ResourceType', () => {
    const r = parse(blobListXml({ serviceEndpoint: 'e', containerName: 'fs', maxResults: 2, items: [{ blob: dir }, { blob: file }], nextMarker: 'm' })).EnumerationResults;
    assert.equal(r['@_ContainerName'], 'fs');
    assert.equal(r.Delimiter, undefined);
    const [d, f] = r.Blobs.Blob;
    assert.equal(d.Name, 'd');
    assert.equal(d.Properties.ResourceType, 'directory');
    assert.equal(d.Properties['Content-Length'], '0');
    assert.deepEqual(d.Metadata, { hdi_isfolder: 'true' });
    assert.equal(f.Properties['Content-Type'], 'text/plain');
    assert.equal(f.Properties['Content-MD5'], 'AAAA');
    assert.equal(f.Properties.BlobType, 'BlockBlob');
    assert.equal(f.Properties.ResourceType, 'file');
    assert.equal(r.Blobs.BlobPrefix, undefined);
    assert.equal(r.NextMarker, 'm');
  });

  it('lists blobs with a delimiter: BlobPrefix entries next to the blobs', () => {
    const r = parse(blobListXml({ serviceEndpoint: 'e', containerName: 'fs', delimiter: '/', prefix: '', items: [{ blob: dir }, { prefix: 'd/' }], nextMarker: '' })).EnumerationResults;
    assert.equal(r.Delimiter, '/');
    assert.deepEqual(r.Blobs.BlobPrefix, [{ Name: 'd/' }]);
    assert.equal(r.Blobs.Blob[0].Name, 'd');
  });

  it('percent-encodes names XML cannot carry and flags them Encoded="true"', () => {
    const xml = blobListXml({ serviceEndpoint: 'e', containerName: 'fs', items: [{ blob: { ...file, name: 'a\u0001b' } }], nextMarker: '' });
    assert.match(xml, /<Name Encoded="true">a%01b<\/Name>/);
  });

  it('parses Put Block List bodies in document order and refuses other shapes', () => {
    assert.deepEqual(parseBlockList('<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>QQ==</Latest><Committed>Qg==</Committed><Uncommitted>Qw==</Uncommitted><Latest>QQ==</Latest></BlockList>'), [
      { source: 'latest', id: 'QQ==' }, { source: 'committed', id: 'Qg==' }, { source: 'uncommitted', id: 'Qw==' }, { source: 'latest', id: 'QQ==' },
    ]);
    assert.deepEqual(parseBlockList('<BlockList></BlockList>'), []);
    assert.equal(parseBlockList('<BlockList><Latest>a</Latest>'), undefined);
    assert.equal(parseBlockList('<Blocks><Latest>a</Latest></Blocks>'), undefined);
    assert.equal(parseBlockList('<BlockList><Other>a</Other></BlockList>'), undefined);
    assert.equal(parseBlockList('not xml'), undefined);
    assert.equal(parseBlockList(''), undefined);
  });

  it('renders Get Block List with the lists asked for', () => {
    const r = parse(blockListXml({ committed: [{ id: 'QQ==', size: 4 }], uncommitted: [] })).BlockList;
    assert.deepEqual(r.CommittedBlocks.Block, [{ Name: 'QQ==', Size: '4' }]);
    assert.equal(r.UncommittedBlocks, '');
    assert.equal(parse(blockListXml({ uncommitted: [{ id: 'QQ==', size: 1 }] })).BlockList.CommittedBlocks, undefined);
  });
});
