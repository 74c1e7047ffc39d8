/**
 * OpenTelemetry's protocol, OTLP/HTTP, for Monitor's metrics, logs and traces: with this module on
 * the classpath, {@code type: otlp} is an exporter type of the configuration, sending each signal
 * to an OpenTelemetry Collector or any OTLP backend (https://opentelemetry.io/docs/specs/otlp/).
 * The module depends on monitor-core only: requests are encoded by a small protobuf and JSON writer
 * of its own and sent with the JDK's {@link java.net.http.HttpClient}.
 *
 * <pre>{@code
 * exporters:
 *   - type: otlp                        # signals: [metrics, logs, traces] unless listed
 *     endpoint: http://localhost:4318   # + /v1/metrics, /v1/logs, /v1/traces
 *     protocol: http/protobuf           # or http/json
 *     headers: {Authorization: "Bearer ..."}
 *     compression: gzip                 # or none (the default)
 *     timeout: 10s                      # per request
 *     temporality: cumulative           # or delta: of sums and histograms
 *     service-name: shop
 * }</pre>
 *
 * <h2>Settings and the environment</h2>
 * Each setting is taken from the entry first, then from the standard environment variable
 * (https://opentelemetry.io/docs/specs/otel/protocol/exporter/), the signal's own before the general
 * one, then the default:
 * <ul>
 *   <li>{@code endpoint}: the base URL, to which {@code /v1/<signal>} is appended
 *       ({@code OTEL_EXPORTER_OTLP_ENDPOINT}; default {@code http://localhost:4318});
 *       {@code metrics-endpoint}, {@code logs-endpoint}, {@code traces-endpoint}: a signal's full URL,
 *       used as it is ({@code OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT});</li>
 *   <li>{@code protocol}: {@code http/protobuf} (default) or {@code http/json}
 *       ({@code OTEL_EXPORTER_OTLP[_<SIGNAL>]_PROTOCOL}; {@code grpc} is refused with a clear problem);</li>
 *   <li>{@code headers}: a map ({@code OTEL_EXPORTER_OTLP[_<SIGNAL>]_HEADERS}: {@code key=value,...},
 *       values percent-decoded; the entry's headers are added to the environment's);</li>
 *   <li>{@code compression}: {@code gzip} or {@code none} ({@code OTEL_EXPORTER_OTLP[_<SIGNAL>]_COMPRESSION});</li>
 *   <li>{@code timeout}: one request's bound, default 10s ({@code OTEL_EXPORTER_OTLP[_<SIGNAL>]_TIMEOUT}, in milliseconds);</li>
 *   <li>{@code attempts} (default 5) and {@code retry-budget} (default 30s): 429, 502, 503, 504 and
 *       requests that could not be sent are retried on the exporter's thread, after the response's
 *       {@code Retry-After} (seconds or an HTTP date) or a pause doubling from 1 s; the waits of a
 *       batch add up to at most the budget, and a {@code Retry-After} beyond it ends the retries;</li>
 *   <li>{@code temporality}: {@code cumulative} (default) or {@code delta}
 *       ({@code OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE}); {@code max-buckets}: the most
 *       buckets of an exponential histogram per sign, default 160 as the SDK's;</li>
 *   <li>{@code service-name} ({@code OTEL_SERVICE_NAME}) and {@code resource}, a map
 *       ({@code OTEL_RESOURCE_ATTRIBUTES}): the resource of every request.</li>
 * </ul>
 * What cannot be delivered is counted in {@code Monitor/Dropped} ({@code Signal}, {@code Exporter},
 * {@code Reason}): {@code Unavailable} after the retries, {@code Rejected} for a status not worth
 * retrying (400, 500...), {@code PartialSuccess} for the items a collector's partial success says it
 * rejected, {@code Invalid} for a segment document that is not one.
 *
 * <h2>Metrics</h2>
 * <ul>
 *   <li>a namespace is an instrumentation scope; a metric name one OTLP {@code Metric}; its dimensions
 *       are the data point's attributes, by the same names;</li>
 *   <li>a counter is a monotonic {@code Sum}: the period's increase with delta temporality, the total
 *       since the exporter's first period with cumulative (start time: that period's start);</li>
 *   <li>a gauge is a {@code Gauge} of its last value;</li>
 *   <li>a timer or a distribution is an {@code ExponentialHistogram} with count, sum, min and max
 *       exact, and buckets derived from Monitor's own histogram: each of its values (a bucket midpoint
 *       within 0.4% of the samples it stands for) is counted in the exponential bucket that holds it,
 *       at the finest scale, from 8 down, at which each sign's buckets fit {@code max-buckets}.
 *       Indexes are exact (no logarithm), checked against integer arithmetic in the tests;</li>
 *   <li>a data point covers its period: from the datapoint's timestamp for the resolution's 1 or 60 seconds;</li>
 *   <li>CloudWatch units are UCUM: {@code s}, {@code ms}, {@code us}, {@code By}, {@code kBy},
 *       {@code bit}, {@code %}, {@code {count}}, {@code By/s}, {@code {count}/s}, and {@code 1} for None;</li>
 *   <li>a metric the monitor did not register (read back from a file) is a histogram when it holds
 *       several samples or a time unit, else a gauge.</li>
 * </ul>
 *
 * <h2>Logs</h2>
 * One {@code LogRecord} per event: its time; {@code level} as severity text and number (TRACE 1,
 * DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21); {@code message} the body; X-Ray's {@code traceId}
 * and {@code segmentId} the trace and span ids; {@code thread} {@code thread.name}; the exception as
 * {@code exception.type}, {@code exception.message}, {@code exception.stacktrace}; other fields as
 * attributes of their names; the group and stream as {@code aws.log.group.names} and
 * {@code aws.log.stream.names}. The logger is the instrumentation scope.
 *
 * <h2>Traces</h2>
 * Each segment and subsegment (at any depth) is a span:
 * <ul>
 *   <li>trace id {@code 1-5759e988-bd862e3fe1be46a994272793} is {@code 5759e988bd862e3fe1be46a994272793}
 *       ({@link dev.monitor.otlp.TraceIds}); a segment id is the span id; a subsegment's parent is its
 *       enclosing segment or subsegment, a segment's its upstream {@code parent_id};</li>
 *   <li>a segment is a SERVER span, a subsegment of namespace {@code aws} or {@code remote} a CLIENT
 *       span, others INTERNAL; the segment's name is the resource's {@code service.name}, the scope
 *       {@code dev.monitor.xray};</li>
 *   <li>{@code http}: {@code http.request.method}, {@code url.full}, {@code client.address},
 *       {@code user_agent.original}, {@code http.response.status_code}, {@code http.response.body.size};</li>
 *   <li>{@code sql}: {@code db.system} (from {@code database_type}), {@code db.query.text} (the sanitized
 *       query), {@code server.address} and {@code server.port} from the JDBC URL;</li>
 *   <li>{@code aws}: {@code rpc.system=aws-api}, {@code rpc.service} (the subsegment's name, X-Ray's
 *       service), {@code rpc.method} (the operation), {@code cloud.region}, {@code aws.request_id},
 *       {@code cloud.account.id}, {@code aws.dynamodb.table_names};</li>
 *   <li>annotations are attributes of their names and types; metadata
 *       {@code aws.xray.metadata.<namespace>.<key>}, as text or JSON;</li>
 *   <li>{@code fault} makes the status ERROR, {@code error} too except on a SERVER span (a 4xx is the
 *       client's error, as the HTTP conventions say); {@code aws.xray.fault}, {@code aws.xray.error},
 *       {@code aws.xray.throttle} and {@code error.type} (the status code, or the exception's type) keep
 *       them; the exceptions of {@code cause} are {@code exception} events, the first one's message the
 *       status message;</li>
 *   <li>a segment still in progress is left out: it is sent again, complete, when it ends.</li>
 * </ul>
 * The reverse, for context that arrives as W3C {@code traceparent}, is {@link dev.monitor.otlp.TraceIds.Traceparent}.
 */
package dev.monitor.otlp;
