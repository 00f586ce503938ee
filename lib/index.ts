export * from './settings';
export * from './user-phone-config';
export * from './user-phone-config-fleet';
export { DEPLOYMENT_NONCE_CONTEXT, RESOURCE_TYPE } from './core/contract';
