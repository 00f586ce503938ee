/**
 * CloudWatch metrics as Embedded Metric Format log lines: CloudWatch Logs turns them into metrics,
 * so the handler needs no `cloudwatch:PutMetricData` permission (which IAM cannot scope below `*`).
 */
export const METRIC_NAMESPACE = 'ConnectPhoneConfig';

export function emfLine(metrics: Record<string, number>, dimensions: Record<string, string>, timestamp = Date.now()): string {
  return JSON.stringify({
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [{
        Namespace: METRIC_NAMESPACE,
        Dimensions: [Object.keys(dimensions)],
        Metrics: Object.keys(metrics).map((Name) => ({ Name, Unit: 'Count' })),
      }],
    },
    ...dimensions,
    ...metrics,
  });
}
