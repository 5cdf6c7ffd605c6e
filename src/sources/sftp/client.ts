/**
 * A connected SFTP session (ssh2): list a directory's non-directory entries, and learn when the
 * connection ends.
 * @module
 */
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';

/** One remote file as the diff needs it (upstream compares name, size and modification time). */
export interface RemoteFile {
  name: string;
  size: number;
  mtime: number;
}

export interface SftpSession {
  /** Non-directory entries of `dir`. */
  list(dir: string): Promise<RemoteFile[]>;
  /** Rejects when the connection drops or fails (never resolves otherwise). */
  readonly lost: Promise<never>;
  close(): void;
}

/** Dial, authenticate and open the SFTP subsystem. */
export function openSftp(config: ConnectConfig, timeoutMs = 20_000): Promise<SftpSession> {
  const client = new Client();
  let rejectLost!: (err: Error) => void;
  const lost = new Promise<never>((_, reject) => (rejectLost = reject));
  lost.catch(() => undefined);
  let closing = false;
  return new Promise<SftpSession>((resolve, reject) => {
    const failStart = (err: Error) => {
      client.end();
      reject(err);
    };
    client.once('error', failStart);
    client.once('ready', () => {
      client.sftp((err, sftp) => {
        if (err) return failStart(new Error(`new sftp client: ${err.message}`));
        client.off('error', failStart);
        client.on('error', (e) => rejectLost(new Error(`sftp connection failed: ${e.message}`)));
        client.on('close', () => {
          if (!closing) rejectLost(new Error('sftp connection closed'));
        });
        resolve(session(sftp));
      });
    });
    client.connect({ ...config, readyTimeout: timeoutMs });
  });

  function session(sftp: SFTPWrapper): SftpSession {
    return {
      lost,
      list: (dir) =>
        new Promise((resolve, reject) => {
          sftp.readdir(dir, (err, entries) => {
            if (err) return reject(err);
            resolve(
              entries
                .filter((e) => !e.attrs.isDirectory())
                .map((e) => ({ name: e.filename, size: e.attrs.size, mtime: e.attrs.mtime })),
            );
          });
        }),
      close() {
        closing = true;
        client.end();
      },
    };
  }
}
