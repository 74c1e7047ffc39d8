/**
 * The OTLP exporter and its parts; not for applications. {@code OtlpProvider} reads
 * {@code OtlpSettings} and makes one {@code OtlpExporter} per signal, which encodes each batch with
 * the signal's mapping ({@code MetricsEncoding}, {@code LogsEncoding}, {@code SpansEncoding})
 * through an {@code Encoder} (protobuf or JSON, from the same calls) and sends it with
 * {@code OtlpSender}.
 *
 * <p>Why no protobuf-java: the messages OTLP needs are written with about 500 lines
 * ({@code Encoder}, {@code ProtoEncoder}, {@code JsonEncoder}, {@code ProtoReader}); the whole module's
 * jar is 69 KB, where protobuf-java (1.9 MB) and opentelemetry-proto (0.9 MB) would add 2.7 MB and
 * a protobuf version to every user's classpath, one that often clashes with the application's own
 * (gRPC, Google clients). The tests decode every request with those official definitions, so the
 * hand-written encoder is checked against them, not against itself.
 */
package dev.monitor.otlp.internal;
