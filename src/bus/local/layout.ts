/** Where a local bus keeps its files under the data dir: `<dataDir>/bus/<busName>/{certs,auth,nodes/<i>}`. */
import path from 'node:path';
import { LocalBusError } from './errors.js';

/** Default data dir, relative to the working directory (as `--data-dir` defaults). */
export const DEFAULT_DATA_DIR = './.jetflow';

/** Files of one nats-server node. */
export interface NodeLayout {
  dir: string;
  configFile: string;
  logFile: string;
  /** Store kept across restarts (`persistence:` set). */
  persistentStore: string;
  /** Store wiped when the bus stops (no `persistence:`, like an emptyDir). Kept apart so toggling never wipes data. */
  ephemeralStore: string;
}

/** Files of one bus. */
export interface BusLayout {
  dataDir: string;
  busDir: string;
  certsDir: string;
  authDir: string;
  nodesDir: string;
  stateFile: string;
  lockFile: string;
  portsFile: string;
  /** All generated secrets (passwords, encryption key) in one file: generated once, reused. */
  secretsFile: string;
  /** Client credentials as upstream's `client-auth` secret: `username: …\npassword: …`. */
  clientAuthFile: string;
  /** Server include file with accounts and users. */
  authConfFile: string;
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clusterCaFile: string;
  clusterCertFile: string;
  clusterKeyFile: string;
  node(index: number): NodeLayout;
}

// A Kubernetes object name (DNS-1123 subdomain): also keeps the name safe as a path segment.
const BUS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** Paths of bus `name` under `dataDir` (absolute). Throws on a name that is not a valid object name. */
export function busLayout(dataDir: string, name: string): BusLayout {
  if (!BUS_NAME.test(name) || name.includes('..'))
    throw new LocalBusError(
      `invalid EventBus name "${name}": expected a lower-case DNS-1123 name`,
      'InvalidSpec',
    );
  const root = path.resolve(dataDir);
  const busDir = path.join(root, 'bus', name);
  const certsDir = path.join(busDir, 'certs');
  const authDir = path.join(busDir, 'auth');
  const nodesDir = path.join(busDir, 'nodes');
  return {
    dataDir: root,
    busDir,
    certsDir,
    authDir,
    nodesDir,
    stateFile: path.join(busDir, 'state.json'),
    lockFile: path.join(busDir, 'supervisor.lock'),
    portsFile: path.join(busDir, 'ports.json'),
    secretsFile: path.join(authDir, 'secrets.json'),
    clientAuthFile: path.join(authDir, 'client-auth.yaml'),
    authConfFile: path.join(authDir, 'auth.conf'),
    caFile: path.join(certsDir, 'ca-cert.pem'),
    serverCertFile: path.join(certsDir, 'server-cert.pem'),
    serverKeyFile: path.join(certsDir, 'server-key.pem'),
    clusterCaFile: path.join(certsDir, 'cluster-ca-cert.pem'),
    clusterCertFile: path.join(certsDir, 'cluster-server-cert.pem'),
    clusterKeyFile: path.join(certsDir, 'cluster-server-key.pem'),
    node(index: number): NodeLayout {
      const dir = path.join(nodesDir, String(index));
      return {
        dir,
        configFile: path.join(dir, 'nats.conf'),
        logFile: path.join(dir, 'server.log'),
        persistentStore: path.join(dir, 'store'),
        ephemeralStore: path.join(dir, 'ephemeral-store'),
      };
    },
  };
}

/** Server name of node `index`, as upstream's pod name `eventbus-<bus>-js-<i>`. */
export function serverName(busName: string, index: number): string {
  return `eventbus-${busName}-js-${index}`;
}
