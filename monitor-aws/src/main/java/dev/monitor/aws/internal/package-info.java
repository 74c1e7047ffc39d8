/**
 * The AWS exporters and the one way they build, configure and close their SDK clients; not for
 * applications. An exporter of another service is made from the same pieces:
 *
 * <ol>
 *   <li>its {@code ExporterProvider} reads {@link dev.monitor.aws.AwsClientSettings#read} and its own
 *       settings, then {@link dev.monitor.aws.internal.AwsProviders#open} (null: a problem was
 *       recorded) and lists itself in {@code META-INF/services/dev.monitor.core.export.ExporterProvider};</li>
 *   <li>the exporter builds each client once with {@link dev.monitor.aws.internal.AwsClients#build}
 *       ({@code XRayClient.builder()}) and calls {@link dev.monitor.aws.internal.AwsClients#close} in its
 *       own close; calls and throttles are counted by {@link dev.monitor.aws.internal.UsageMetrics};</li>
 *   <li>it splits a batch into requests within the service's limits with
 *       {@link dev.monitor.aws.internal.Batches#split}, counts what it sets aside with
 *       {@link dev.monitor.aws.internal.Delivery.Drops}, queues the requests in a
 *       {@link dev.monitor.aws.internal.Backlog} and sends them with a
 *       {@link dev.monitor.aws.internal.Delivery}: {@code drain(false)} after each batch,
 *       {@code drain(true)} in flush, and in close {@link dev.monitor.aws.internal.AwsClients#closing()}
 *       (every request carries {@link dev.monitor.aws.internal.AwsClients#override()}), a last drain,
 *       then {@code abandonRest()}.</li>
 * </ol>
 */
package dev.monitor.aws.internal;
