/**
 * TLS material of a local bus, generated in-process with `@peculiar/x509` over Node's WebCrypto (no
 * openssl). Two independent self-signed CAs as upstream (one for client connections, one for routes),
 * but ECDSA P-256 / SHA-256 instead of upstream's RSA-2048: much faster to generate, and accepted by
 * nats-server (Go) and Node's TLS alike. Keys are PEM PKCS#8 (`PRIVATE KEY`). SANs are local:
 * `localhost`, `127.0.0.1`, `::1`. Validity 10 years, as upstream.
 * @module
 */
import 'reflect-metadata'; // @peculiar/x509 (tsyringe) needs the Reflect metadata API
import { webcrypto, randomBytes } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { readIfExists, writePrivateFile } from './files.js';
import type { BusLayout } from './layout.js';

x509.cryptoProvider.set(webcrypto as any);

type KeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALID_DAYS = 3650;
const ORG = 'O=io.argoproj';

/** Local names the servers answer on; every certificate carries them. */
export const LOCAL_SANS = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] };

export interface CertPair {
  certPem: string;
  keyPem: string;
}

/** A CA certificate and a leaf signed by it. */
export interface CertSet {
  caPem: string;
  leaf: CertPair;
}

/** Client-port and cluster-route certificate sets. */
export interface BusCertificates {
  client: CertSet;
  cluster: CertSet;
}

/** Subject alternative names of a certificate set (CA and leaf carry the same ones, as upstream). */
export interface CertSans {
  dns: string[];
  ip: string[];
}

/** SANs per set; the default is {@link LOCAL_SANS} for both (a bus on this machine). */
export interface BusCertificateSans {
  client?: CertSans;
  cluster?: CertSans;
}

/**
 * Generate both certificate sets (client leaf: server auth; cluster leaf: server + client auth). `sans`
 * replaces the local names, e.g. with a Kubernetes Service's DNS names (src/deploy).
 */
export async function generateBusCertificates(
  busName: string,
  sans: BusCertificateSans = {},
): Promise<BusCertificates> {
  const [client, cluster] = await Promise.all([
    generateCertSet(
      `CN=jetflow ${busName} client CA, ${ORG}`,
      [x509.ExtendedKeyUsage.serverAuth],
      sans.client ?? LOCAL_SANS,
    ),
    // Routes authenticate each other with these: each server is both TLS client and server.
    generateCertSet(
      `CN=jetflow ${busName} cluster CA, ${ORG}`,
      [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
      sans.cluster ?? LOCAL_SANS,
    ),
  ]);
  return { client, cluster };
}

async function generateCertSet(caName: string, leafUsages: string[], sans: CertSans): Promise<CertSet> {
  const notBefore = new Date(Date.now() - 60_000); // tolerate small clock skew
  const notAfter = new Date(notBefore.getTime() + VALID_DAYS * 86_400_000);
  const san = sanExtension(sans);
  const caKeys = await newKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: caName,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.serverAuth,
        x509.ExtendedKeyUsage.clientAuth,
      ]),
      san,
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = await newKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${sans.dns[0] ?? 'localhost'}, ${ORG}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ALG,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(leafUsages),
      san,
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return {
    caPem: ca.toString('pem'),
    leaf: { certPem: leaf.toString('pem'), keyPem: await keyPem(leafKeys) },
  };
}

function sanExtension(sans: CertSans): x509.SubjectAlternativeNameExtension {
  return new x509.SubjectAlternativeNameExtension([
    ...sans.dns.map((value) => ({ type: 'dns' as const, value })),
    ...sans.ip.map((value) => ({ type: 'ip' as const, value })),
  ]);
}

function newKeys(): Promise<KeyPair> {
  return webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as Promise<KeyPair>;
}

// Random positive 128-bit serial, as upstream (top bit cleared so the DER integer stays positive).
function serial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

async function keyPem(keys: KeyPair): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${body.trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

/**
 * Certificates of the bus under `certs/`: generated once, reused while all files exist; if any is
 * missing, all are regenerated together (as upstream regenerates its server secret).
 */
export async function ensureCertificates(layout: BusLayout, busName: string): Promise<void> {
  const files = certFiles(layout);
  const present = await Promise.all(files.map((f) => readIfExists(f)));
  if (present.every((p) => p !== undefined)) return;
  const c = await generateBusCertificates(busName);
  const content: Record<string, string> = {
    [layout.caFile]: c.client.caPem,
    [layout.serverCertFile]: c.client.leaf.certPem,
    [layout.serverKeyFile]: c.client.leaf.keyPem,
    [layout.clusterCaFile]: c.cluster.caPem,
    [layout.clusterCertFile]: c.cluster.leaf.certPem,
    [layout.clusterKeyFile]: c.cluster.leaf.keyPem,
  };
  for (const file of files) await writePrivateFile(file, content[file]!);
}

function certFiles(l: BusLayout): string[] {
  return [l.caFile, l.serverCertFile, l.serverKeyFile, l.clusterCaFile, l.clusterCertFile, l.clusterKeyFile];
}
