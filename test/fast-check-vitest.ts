/**
 * The part of @fast-check/vitest's API this course uses, `test.prop(arbitraries, params?)(name,
 * predicate)` and `fc`, as a small adapter over fast-check and vitest.
 *
 * Why not the package itself: importing @fast-check/vitest 0.5 with vitest 4 costs 1.2 s on an
 * idle 2-core machine (and 2-4 s under load), because at import it builds a wrapper for every
 * chain of vitest's test modifiers. Vitest starts a fresh worker for every run, so watch mode
 * paid that on every save. Test files still import '@fast-check/vitest'; vitest.config.ts and
 * tsconfig.json map that name here, so the tests read (and would run) the same with the real
 * package. `npm run bench -- --only test-loop` measures the loop this buys.
 */
import fc from 'fast-check';
import { test as vitestTest } from 'vitest';

export { fc };

type Predicate<Ts extends unknown[]> = (...args: Ts) => boolean | void | PromiseLike<boolean | void>;

function prop<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  params?: fc.Parameters<Ts>,
): (name: string, predicate: Predicate<Ts>, timeout?: number) => void {
  return (name, predicate, timeout) => {
    vitestTest(
      name,
      async () => {
        const property = fc.asyncProperty(...arbitraries, async (...args: Ts) => predicate(...args));
        await fc.assert(property as unknown as fc.IAsyncProperty<Ts>, params);
      },
      timeout,
    );
  };
}

/** Only `test.prop`: plain example tests use `it` from 'vitest'. */
export const test = { prop };
export const it = test;
