export * from './lib/run';
export * from './lib/service-process';
export * from './lib/gateway-process';
export * from './lib/metrics';
export * from './lib/probes';
export * from './lib/kafka-options';
