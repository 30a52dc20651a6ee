import { afterAll } from 'vitest';
import { removeTempDirs } from './paths';

// Setup file (vitest.config.ts): registered first, so it runs after each test file's own afterAll hooks (which
// close the cases held in these folders); every folder tempDir() made is gone when the file ends.
afterAll(removeTempDirs);
