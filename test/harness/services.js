/** Addresses of this machine's long-running services; override with env in other environments. */
export const services = {
    redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    amqp: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    mqtt: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    nats: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    postgres: process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
};
//# sourceMappingURL=services.js.map