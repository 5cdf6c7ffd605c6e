/** The `argoWorkflow` trigger: Workflow operations through the Kubernetes API. @module */
export { argoWorkflowDriver, createArgoWorkflowDriver, type ArgoWorkflowDriverOptions } from './driver.js';
