import net from 'node:net';
/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on('error', reject);
        srv.listen(0, '127.0.0.1', () => {
            const addr = srv.address();
            srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
        });
    });
}
/** True when something accepts TCP connections on host:port. */
export function isListening(port, host = '127.0.0.1') {
    return new Promise((resolve) => {
        const s = net.connect({ port, host });
        s.once('connect', () => {
            s.destroy();
            resolve(true);
        });
        s.once('error', () => resolve(false));
    });
}
//# sourceMappingURL=ports.js.map