// The emulator tests' helpers: those of the shared test-support package, under the name these tests import.
export { startTestEmulator, mintToken, SHARED_DIR, type TestEmulator } from 'adls-gen1-test-support';
