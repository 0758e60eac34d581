/** jest globalTeardown: stops the servers that ./global-setup.ts started (servers from the environment are left alone). */
import { SETUP_STATE_KEY, stopAll, type SetupState } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  await stopAll((globalThis as Record<string, unknown>)[SETUP_STATE_KEY] as SetupState | undefined);
}
