package dev.monitor.xray;

import dev.monitor.api.trace.Subsegment;
import dev.monitor.api.trace.TraceEntity;
import dev.monitor.api.trace.Tracer;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@code java.net.http.HttpClient} whose calls made inside a trace are remote subsegments
 * (named after the host, with {@code http} request and response fields and the status flags)
 * and carry {@code X-Amzn-Trace-Id} to the service called. Outside a trace it only delegates.
 *
 * <pre>{@code
 * HttpClient http = TracingHttpClient.wrap(HttpClient.newHttpClient(), monitor.tracer());
 * }</pre>
 */
public final class TracingHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final Tracer tracer;
    private final Function<HttpRequest, String> names;

    private TracingHttpClient(HttpClient delegate, Tracer tracer, Function<HttpRequest, String> names) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** Calls are subsegments named after the host called, as the X-Ray SDKs name them. */
    public static HttpClient wrap(HttpClient client, Tracer tracer) {
        return new TracingHttpClient(client, tracer, request -> request.uri().getHost());
    }

    /** Calls are subsegments named by {@code names}: the service map shows that name for a service that is not traced. */
    public static HttpClient wrap(HttpClient client, Tracer tracer, Function<HttpRequest, String> names) {
        return new TracingHttpClient(client, tracer, names);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        if (tracer.current() == null) {
            return delegate.send(request, handler);
        }
        try (Subsegment call = tracer.beginSubsegment(name(request))) {
            try {
                HttpResponse<T> response = delegate.send(traced(request, call), handler);
                responded(call, response);
                return response;
            } catch (IOException | InterruptedException | RuntimeException e) {
                call.addException(e);
                throw e;
            }
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler, null);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushes) {
        TraceEntity parent = tracer.current();
        if (parent == null || !(tracer instanceof XRayTracer xray)) {
            return delegate.sendAsync(request, handler, pushes);
        }
        // Not made current: the call ends on the client's thread, and this thread goes on.
        Subsegment call = xray.beginDetached(parent, name(request));
        return delegate.sendAsync(traced(request, call), handler, pushes).whenComplete((response, failure) -> {
            if (failure != null) {
                call.addException(failure);
            } else {
                responded(call, response);
            }
            call.close();
        });
    }

    private String name(HttpRequest request) {
        try {
            String name = names.apply(request);
            return name == null || name.isBlank() ? String.valueOf(request.uri().getHost()) : name;
        } catch (RuntimeException e) {
            return String.valueOf(request.uri().getHost());
        }
    }

    private static HttpRequest traced(HttpRequest request, Subsegment call) {
        call.setNamespace("remote").putHttpRequest("method", request.method()).putHttpRequest("url", request.uri().toString());
        return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase("X-Amzn-Trace-Id"))
                .header("X-Amzn-Trace-Id", call.traceHeader())
                .build();
    }

    private static void responded(Subsegment call, HttpResponse<?> response) {
        call.setHttpResponse(response.statusCode(), response.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }
}
