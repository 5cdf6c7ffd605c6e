/** Core `v1` documents a local user keeps beside the resources: Secrets and ConfigMaps. */
import { z } from 'zod';
import { objectMeta, stringMap } from './common.js';

const base64 = z.string().refine((s) => /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(s), {
  message: 'expected base64 data (use stringData for plain text)',
});

export const secretSchema = z.looseObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Secret'),
  metadata: objectMeta,
  type: z.string().optional(),
  data: z.record(z.string(), base64).optional(),
  stringData: stringMap.optional(),
});
export type Secret = z.infer<typeof secretSchema>;

export const configMapSchema = z.looseObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('ConfigMap'),
  metadata: objectMeta,
  data: stringMap.optional(),
  binaryData: z.record(z.string(), base64).optional(),
});
export type ConfigMap = z.infer<typeof configMapSchema>;
