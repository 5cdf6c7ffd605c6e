import type { RegisterCommand } from './types.js';
import { registerLint } from './lint.js';
import { registerRun } from './run.js';
import { registerBus } from './bus.js';
import { registerSensor } from './sensor.js';
import { registerTest } from './test.js';
import { registerEventSource } from './eventsource.js';
import { registerReplay } from './replay.js';
import { registerRender } from './render.js';
import { registerController } from './controller.js';

/** Every verb of the CLI, in help order. */
export const COMMANDS: RegisterCommand[] = [
  registerRun,
  registerLint,
  registerBus,
  registerSensor,
  registerEventSource,
  registerTest,
  registerReplay,
  registerRender,
  registerController,
];
export type { RegisterCommand };
