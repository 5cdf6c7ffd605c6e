/**
 * `jetflow controller [--namespace NS | --all-namespaces] [--image IMG]`: reconcile the EventBus,
 * EventSource and Sensor custom resources of a cluster into the objects `jetflow render` prints, until
 * SIGINT/SIGTERM. Connects with the in-cluster config, else KUBECONFIG / ~/.kube/config.
 * @module
 */
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import { controllerRender, startController } from '../../deploy/controller/index.js';
import { fail, untilSignal } from '../component.js';
import { VERSION } from '../version.js';
import type { RegisterCommand } from './types.js';

interface ControllerOpts {
  namespace?: string;
  allNamespaces?: boolean;
  image: string;
  resync: string;
  logLevel: string;
}

export const registerController: RegisterCommand = (program, setExitCode) => {
  program
    .command('controller')
    .description('reconcile EventBus/EventSource/Sensor custom resources into Kubernetes objects')
    .option('-n, --namespace <ns>', 'namespace to watch (default: the kubeconfig context namespace)')
    .option('-A, --all-namespaces', 'watch every namespace')
    .option(
      '--image <image>',
      'jetflow image of the rendered EventSource and Sensor Deployments',
      `jetflow:${VERSION}`,
    )
    .option('--resync <ms>', 'how often every resource is reconciled again, changed or not', '60000')
    .option('--log-level <level>', 'log level', 'info')
    .action(async (opts: ControllerOpts) => setExitCode(await runController(opts)));
};

async function runController(opts: ControllerOpts): Promise<number> {
  if (opts.namespace && opts.allNamespaces)
    return fail('--namespace and --all-namespaces exclude each other');
  const resyncMs = Number(opts.resync);
  if (!Number.isInteger(resyncMs) || resyncMs < 100)
    return fail(`--resync: expected milliseconds ≥ 100, got "${opts.resync}"`);
  const logger = pino({ level: opts.logLevel, base: { pid: process.pid } });
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromDefault();
  } catch (err) {
    return fail(`loading the Kubernetes configuration: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!kubeConfig.getCurrentCluster())
    return fail('no Kubernetes cluster configured (in-cluster, KUBECONFIG or ~/.kube/config)');
  const namespace = opts.allNamespaces ? undefined : (opts.namespace ?? currentNamespace(kubeConfig));
  const controller = startController({
    kubeConfig,
    namespace,
    render: controllerRender({ image: opts.image }),
    logger,
    resyncMs,
  });
  logger.info(
    { namespace: namespace ?? '(all)', server: kubeConfig.getCurrentCluster()?.server },
    'controller started',
  );
  await untilSignal();
  logger.info('stopping');
  await controller.stop();
  logger.info('stopped');
  return 0;
}

function currentNamespace(kc: KubeConfig): string {
  const ctx = kc.getContextObject(kc.getCurrentContext());
  return ctx?.namespace ?? 'default';
}
