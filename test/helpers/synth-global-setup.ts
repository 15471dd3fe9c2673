import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { synthesizeOnce } from './synthesized-stack';

/** Synthesizes the stack once (or reuses the assembly of the same sources) for the whole run. */
export function setup(project: TestProject): void {
  project.provide('cdkOut', synthesizeOnce());
}

declare module 'vitest' {
  export interface ProvidedContext {
    cdkOut: string;
  }
}
