export * from './settings';
export * from './user-phone-config';
export * from './user-phone-config-fleet';
export * from './fleet-users';
