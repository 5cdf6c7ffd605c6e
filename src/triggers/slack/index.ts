/** The `slack` trigger: `chat.postMessage` against a configurable Web API base URL. @module */
export { slackDriver, createSlackDriver, type SlackDriverOptions } from './driver.js';
export { SLACK_API_URL, SLACK_API_URL_ENV } from './api.js';
