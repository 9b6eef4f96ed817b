import { createMemoryStore } from '#adapters/memory-store';
import { claimContract } from '../../support/claims.ts';
import { storeContract } from '../../support/store-contract.ts';

storeContract('memory store', async () => createMemoryStore());
claimContract('memory store', async () => createMemoryStore());
