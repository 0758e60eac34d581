import { DistributedEnvironment, DistributedService, EnvironmentError, loadDistributedEnvironment } from '@credit-bank/platform';
import { startGatewayProcess } from './gateway-process';
import { errorText } from './probes';
import { processLogger, RunningProcess, startServiceProcess } from './service-process';

/** EX_CONFIG (sysexits.h): the configuration is wrong; restarting will not help. */
export const EXIT_CONFIG = 78;

/** Starts one process of the distributed profile as configured by its environment. */
export function startDistributed(env: DistributedEnvironment): Promise<RunningProcess> {
  return env.SERVICE === 'gateway' ? startGatewayProcess(env) : startServiceProcess(env);
}

/**
 * The `main` of every distributed program: validated configuration (exit 78 with one line per
 * mistake), start (exit 1 if a dependency cannot be reached), and a graceful stop on SIGTERM or
 * SIGINT: HTTP stops taking requests, the bus consumers stop and commit their offsets, requests
 * being handled finish (SHUTDOWN_GRACE_MS), projections and relays store their checkpoints, then
 * the stores close and the process exits 0.
 */
export async function runDistributed(service: DistributedService): Promise<void> {
  let env: DistributedEnvironment;
  try {
    env = loadDistributedEnvironment(service);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      process.stderr.write(`credit-bank ${service}: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
  const log = processLogger(env);
  let running: RunningProcess;
  try {
    running = await startDistributed(env);
  } catch (error) {
    log.fatal({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, `${service} could not start: ${errorText(error)}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal} received: finishing in-flight work and shutting down`);
    const deadline = setTimeout(() => {
      log.error(`shutdown did not finish within ${env.SHUTDOWN_GRACE_MS + 15_000} ms: exiting`);
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS + 15_000);
    deadline.unref();
    running.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: errorText(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
