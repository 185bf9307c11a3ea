// @azure/identity + @azure/arm-resources with no endpoint, authority or cloud option at all: the public-cloud
// defaults (login.microsoftonline.com, organizations, Azure CLI's client id; management.azure.com). Run with
// the environment `adls emulator env --proxy` prints (HTTPS_PROXY, NODE_EXTRA_CA_CERTS).
import { DeviceCodeCredential } from '@azure/identity';
import { ResourceManagementClient } from '@azure/arm-resources';

const subscriptionId = process.env.SUBSCRIPTION_ID;
const credential = new DeviceCodeCredential({ userPromptCallback: (info) => console.log(info.message) });
const client = new ResourceManagementClient(credential, subscriptionId);

// The first call signs in (the client asks for its token itself, with CAE, as it always does).
const group = `public-defaults-${process.pid}`;
const created = await client.resourceGroups.createOrUpdate(group, { location: 'eastus2', tags: { via: 'proxy' } });
console.log('created', created.name, created.location, created.properties?.provisioningState);
console.log('exists', await client.resourceGroups.checkExistence(group).then((r) => r.body));
const got = await client.resourceGroups.get(group);
console.log('got', got.name, JSON.stringify(got.tags));
const names = [];
for await (const g of client.resourceGroups.list()) names.push(g.name);
console.log('listed', names.includes(group));
await client.resourceGroups.update(group, { tags: { via: 'proxy', step: 'update' } });
console.log('updated', JSON.stringify((await client.resourceGroups.get(group)).tags));

const accounts = [];
for await (const r of client.resources.list({ filter: "resourceType eq 'Microsoft.DataLakeStore/accounts'" })) accounts.push(`${r.name} ${r.type}`);
console.log('datalake accounts', JSON.stringify(accounts));
const provider = await client.providers.get('Microsoft.DataLakeStore');
console.log('provider', provider.namespace, provider.registrationState, (provider.resourceTypes ?? []).map((t) => t.resourceType).join(','));

await client.resourceGroups.beginDeleteAndWait(group);
console.log('deleted; exists', await client.resourceGroups.checkExistence(group).then((r) => r.body));
console.log('PUBLIC DEFAULTS NODE DONE');
