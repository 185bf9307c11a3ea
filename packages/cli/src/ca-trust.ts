/**
 * How to make a browser trust the emulator's CA, so its sign-in page opens without a certificate warning.
 * Chromium and Firefox on Linux keep their own NSS databases (certutil from libnss3-tools); macOS and Windows
 * browsers use the system store, except Firefox, which can be told to (security.enterprise_roots.enabled).
 */
export function browserTrustSteps(caFile: string, platform: NodeJS.Platform = process.platform): string[] {
  const q = `"${caFile}"`;
  const firefoxImport = 'Firefox: Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import, tick "identify websites"';
  switch (platform) {
    case 'darwin':
      return [
        `Safari/Chrome/Edge: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${q}`,
        `${firefoxImport} (or set security.enterprise_roots.enabled to true in about:config)`,
      ];
    case 'win32':
      return [
        `Edge/Chrome: certutil -user -f -addstore Root ${q}   (current user's Trusted Root store)`,
        `${firefoxImport} (or set security.enterprise_roots.enabled to true in about:config)`,
      ];
    default:
      return [
        `Chromium/Chrome: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n adls-gen1-emulator -i ${q}   (certutil: apt-get install libnss3-tools)`,
        `Firefox: certutil -d sql:<your Firefox profile folder> -A -t "C,," -n adls-gen1-emulator -i ${q}   (or ${firefoxImport.replace('Firefox: ', '')})`,
      ];
  }
}

/** The lines `adls login` and the demo print before a browser sign-in on the emulator. */
export function browserTrustHelp(caFile: string, platform: NodeJS.Platform = process.platform): string {
  return [
    `The sign-in page is served by the emulator with a certificate from its own CA (${caFile}).`,
    'Your browser warns about it until you trust that CA (once; then restart the browser):',
    ...browserTrustSteps(caFile, platform).map((s) => `  ${s}`),
  ].join('\n');
}
