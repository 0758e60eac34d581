import { existsSync } from 'node:fs';

/**
 * Test-only discovery of an EventStoreDB server, decided synchronously (jest must know at load
 * time whether to run or skip): `EVENTSTORE_URL` from the environment, else a Docker engine for
 * testcontainers (a socket or `DOCKER_HOST`; nothing is contacted here), else none, with the reason.
 */
export type EventStoreDbAvailability = { kind: 'url'; url: string } | { kind: 'docker' } | { kind: 'none'; reason: string };

export function eventStoreDbAvailability(env: NodeJS.ProcessEnv = process.env): EventStoreDbAvailability {
  const url = env.EVENTSTORE_URL?.trim();
  if (url) return { kind: 'url', url };
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return { kind: 'docker' };
  for (const socket of ['/var/run/docker.sock', `${env.HOME ?? ''}/.docker/run/docker.sock`]) {
    if (existsSync(socket)) return { kind: 'docker' };
  }
  return {
    kind: 'none',
    reason:
      'EVENTSTORE_URL is not set and no Docker engine is available for testcontainers (no DOCKER_HOST, no docker.sock); ' +
      'EventStoreDB/KurrentDB has no package in any registry reachable from this machine',
  };
}

/** The image the int-spec starts when only Docker is available (insecure single node, in memory). */
export const EVENTSTORE_IMAGE = 'eventstore/eventstore:24.10';
