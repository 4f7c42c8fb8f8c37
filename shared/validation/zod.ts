import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/*
 * The zod every function bundle uses: zod's mini API, with its English messages. The classic API (`import * as z
 * from 'zod'`) builds its schemas from a much larger module whose first schemas cost a function about a sixth of its
 * init (README, "Cold start and start time"); mini checks with the same core, issues and messages, through functions
 * (`z.optional(s)`, `s.check(z.minLength(1))`) instead of methods. It leaves messages to a locale loaded on purpose,
 * which this module does once for every schema: the file is listed in package.json's `sideEffects`, so bundling
 * keeps it wherever a module imports zod from here.
 */
config(en());

export * from 'zod/mini';
