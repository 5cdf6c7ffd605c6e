/** The `file` EventSource type, and the path matching and data shape `sftp` shares with it. */
export { fileDriver } from './driver.js';
export { FILE_OP_BITS, opBits, pathMatcher, fileEventData, type FileOp, type FsEvent } from './events.js';
export { diffListings } from './poll.js';
