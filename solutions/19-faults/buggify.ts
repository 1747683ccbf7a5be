/**
 * Lesson 19: BUGGIFY, FoundationDB's way of making rare paths common in simulation.
 *
 * Code marks a place where something unusual may be done on purpose (a longer delay, a smaller
 * buffer, an early timeout) with `if (buggify.fires('site name'))`. In FoundationDB
 * (`flow/include/flow/Buggify.h`, `flow/flow.cpp`) each site is switched on for the whole run
 * with probability P_BUGGIFIED_SECTION_ACTIVATED = 0.25, decided the first time the site is
 * reached and then remembered; a site that is on fires with probability
 * P_BUGGIFIED_SECTION_FIRES = 0.25 each time it is reached. Outside simulation it never fires.
 * So every run exercises a different quarter of the sites, each often enough to matter.
 */
import type { RandomSource } from '@support/random.ts';

export const P_BUGGIFIED_SECTION_ACTIVATED = 0.25;
export const P_BUGGIFIED_SECTION_FIRES = 0.25;

export interface BuggifyOptions {
  /** True only inside a simulation. A real process's Buggify never fires. */
  readonly simulated: boolean;
  /** Buggify may also be switched off in a simulation (a run without faults). Default true. */
  readonly enabled?: boolean;
}

export class Buggify {
  /** Every site reached so far, and whether it is on for this run. */
  private readonly sites = new Map<string, boolean>();
  readonly simulated: boolean;
  readonly enabled: boolean;

  constructor(
    private readonly random: RandomSource,
    options: BuggifyOptions,
  ) {
    this.simulated = options.simulated;
    this.enabled = options.enabled ?? true;
  }

  /**
   * Whether the site fires this time. Never outside simulation or when disabled. Otherwise the
   * first call for a site decides, with P_BUGGIFIED_SECTION_ACTIVATED, whether it is on for the
   * rest of the run; a site that is on fires with P_BUGGIFIED_SECTION_FIRES on every call.
   */
  fires(site: string): boolean {
    if (!this.simulated || !this.enabled) return false;
    let on = this.sites.get(site);
    if (on === undefined) {
      on = this.random() < P_BUGGIFIED_SECTION_ACTIVATED;
      this.sites.set(site, on);
    }
    return on && this.random() < P_BUGGIFIED_SECTION_FIRES;
  }

  /** The sites that are on for this run, in the order they were first reached. */
  activeSites(): string[] {
    return [...this.sites].filter(([, on]) => on).map(([site]) => site);
  }
}
