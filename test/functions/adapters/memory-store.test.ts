import { createMemoryStore } from '#adapters/memory-store';
import { storeContract } from '../../support/store-contract.ts';

storeContract('memory store', async () => createMemoryStore());
