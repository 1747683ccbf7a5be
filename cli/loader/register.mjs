// Use with: node --import tsx --import ./cli/loader/register.mjs script.ts
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
