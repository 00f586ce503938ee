export * from './settings';
export * from './user-phone-config';
export * from './user-phone-config-fleet';
export { RESOURCE_TYPE } from './core/contract';
