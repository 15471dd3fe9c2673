import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships without messages ("Invalid input" for everything); classic zod loaded English
// itself. Quarantine reasons and 400 answers name the rule ("Invalid ISO datetime"), so English is
// loaded once here: about 3 KB, where `z.locales` through the namespace would bundle every locale.
config(en());
