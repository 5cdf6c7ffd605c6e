import net from 'node:net';
import { pickFreePort } from '../../src/bus/local/ports.js';

/**
 * A TCP port that was free a moment ago on 127.0.0.1, picked below the ephemeral range so an outgoing
 * connection cannot take it before the server under test binds it.
 */
export function freePort(): Promise<number> {
  return pickFreePort('127.0.0.1', handedOut).then((port) => {
    handedOut.add(port); // never twice to this process's tests
    return port;
  });
}

const handedOut = new Set<number>();

/** True when something accepts TCP connections on host:port. */
export function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
