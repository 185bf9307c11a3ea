/**
 * The Azure regions where Data Lake Storage Gen1 was offered (and so the locations the emulator advertises in
 * `/subscriptions/{s}/locations` and in the provider's resource types). Accounts may still be created anywhere.
 */
export interface Region {
  name: string;
  displayName: string;
  geography: string;
  geographyGroup: string;
  physicalLocation: string;
  longitude: string;
  latitude: string;
  pairedRegion: string;
}

export const GEN1_REGIONS: readonly Region[] = [
  { name: 'centralus', displayName: 'Central US', geography: 'United States', geographyGroup: 'US', physicalLocation: 'Iowa', longitude: '-93.6208', latitude: '41.5908', pairedRegion: 'eastus2' },
  { name: 'eastus2', displayName: 'East US 2', geography: 'United States', geographyGroup: 'US', physicalLocation: 'Virginia', longitude: '-78.3889', latitude: '36.6681', pairedRegion: 'centralus' },
  { name: 'northeurope', displayName: 'North Europe', geography: 'Europe', geographyGroup: 'Europe', physicalLocation: 'Ireland', longitude: '-6.2597', latitude: '53.3478', pairedRegion: 'westeurope' },
  { name: 'westeurope', displayName: 'West Europe', geography: 'Europe', geographyGroup: 'Europe', physicalLocation: 'Netherlands', longitude: '4.9', latitude: '52.3667', pairedRegion: 'northeurope' },
];

/** `Location` of the subscriptions API (2022-12-01 shape; older clients ignore the fields they do not know). */
export function renderLocation(subscriptionId: string, r: Region): Record<string, unknown> {
  const id = (name: string) => `/subscriptions/${subscriptionId}/locations/${name}`;
  return {
    id: id(r.name), name: r.name, type: 'Region', displayName: r.displayName,
    regionalDisplayName: `(${r.geographyGroup}) ${r.displayName}`,
    metadata: {
      regionType: 'Physical', regionCategory: 'Recommended', geography: r.geography, geographyGroup: r.geographyGroup,
      longitude: r.longitude, latitude: r.latitude, physicalLocation: r.physicalLocation,
      pairedRegion: [{ name: r.pairedRegion, id: id(r.pairedRegion) }],
    },
  };
}
