export * from './wait-for.js';
export * from './ports.js';
export * from './paths.js';
export * from './services.js';
export * from './nats.js';
export * from './kafka.js';
