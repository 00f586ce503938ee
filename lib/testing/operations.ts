/** The Connect operations the emulator serves; quotas and faults are keyed by these names. */
export const CONNECT_OPERATIONS = [
  'DescribeUser',
  'ListUsers',
  'SearchUsers',
  'UpdateUserPhoneConfig',
  'UpdateUserConfig',
] as const;

export type ConnectOperation = (typeof CONNECT_OPERATIONS)[number];

export type S3Operation = 'GetObject' | 'HeadObject' | 'PutObject' | 'DeleteObject';

/** `Unknown` is logged for requests that match no route, so stray traffic shows up in tests. */
export type EmulatorOperation = ConnectOperation | S3Operation | import('./ssm-parameters').SsmOperation | 'Unknown';
