/**
 * scrypt hashes (`hashSecret` format) of the seed's documented secrets, computed once. Each hash costs a core
 * about 45 ms, and an in-memory emulator seeds a fresh directory at every start: three of them were most of its
 * start-up. The secrets themselves are public (SEED, README), so fixed salts give nothing away;
 * `identity-seed-hashes.test.ts` checks that each hash matches its secret.
 */
export const SEED_HASHES = {
  confidentialClientSecret: 'scrypt$H7qClcrnqjmH6KQBkV6meQ==$ODxsVgbTBV1rNtu61ONtdJ0XDyCaCMeMbZxRQJJXjXU=',
  users: {
    'alice@adlsemulator.onmicrosoft.com': 'scrypt$jmY4isIQ3GXrSikRcL+lBA==$3aa8uPsOSc7ehq2cnse7JDU+WtIbjvpc4tGhfAOJFfo=',
    'bob@adlsemulator.onmicrosoft.com': 'scrypt$O4NbBctG+xMT9fdderAdkw==$SMrZzLJ2rmr0ZxiKQwx3iw2Iv1+1YY7coo79RBTG9mU=',
  } as Readonly<Record<string, string>>,
} as const;
