/** The `redis` (pub/sub) EventSource type, and the Redis client shared with `redisStream`. */
export { redisDriver } from './driver.js';
export {
  connectRedis,
  closeRedis,
  silenceRedis,
  parseHostAddress,
  type RedisConnectionConfig,
} from './client.js';
