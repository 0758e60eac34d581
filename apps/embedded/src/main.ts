import 'reflect-metadata';
import { EnvironmentError, loadEnvironment } from '@credit-bank/platform';
import { startEmbedded } from './composition';

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnvironment();
  } catch (error) {
    if (error instanceof EnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const system = await startEmbedded(env);
  const stop = async (signal: string) => {
    process.stderr.write(`${signal} received: shutting down\n`);
    await system.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void main();
