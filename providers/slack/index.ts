export { SlackWorkspace } from './slackWorkspace';
export { explainSlackError } from './errors';
export * from './types';
