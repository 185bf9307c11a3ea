// Test helpers shared by the packages' tests, so that no package's tests import another package's test files.
export { startTestEmulator, mintToken, type TestEmulator } from './emulator.js';
export { SHARED_DIR } from './shared-dir.js';
export { PageClient } from './page-client.js';
export { CHROMIUM, launchChromium, focused } from './browser.js';
export { startFakeWebHdfs, type FakeWebHdfs, type SeenRequest } from './fake-webhdfs.js';
export { selfSignedCertificate, type SelfSignedOptions } from './self-signed.js';
export { emulatorFileSystem, staticCredential } from './emulator-client.js';
export { runNodeScript, runPythonScript, lastJsonLine } from './node-script.js';
