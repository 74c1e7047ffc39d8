package dev.monitor.core.events.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.events.ApiDestination;
import dev.monitor.core.events.Connection;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Invokes API destinations over HTTP, asynchronously: a slow endpoint holds no delivery thread.
 * Authorizes each request as its connection says; OAuth tokens are kept per connection until
 * they expire (a minute early) or the endpoint answers 401. Rate limits are per destination.
 */
final class Webhooks {
    /** EventBridge gives an API destination 5 seconds to answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of an error answer's body goes into the dead letter's message. */
    static final int ERROR_TEXT = 256;

    private final Executor executor;
    /**
     * Made on first use, and let go of at {@link #close()}: on JDK 17 an {@code HttpClient} cannot be
     * closed and its selector thread ends only once the client is collected, so a closed monitor
     * that is still referenced must not hold it.
     */
    private HttpClient client;
    private boolean closed;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    Webhooks(Executor executor) {
        this.executor = executor;
    }

    private synchronized HttpClient client() {
        if (closed) {
            throw new IllegalStateException("the monitor's event delivery is closed");
        }
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(TIMEOUT).executor(executor).followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    /** Lets go of the client (and closes it on JDK 21 and later, where it can be). */
    synchronized void close() {
        closed = true;
        HttpClient current = client;
        client = null;
        if (current instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing is best effort: the executor is shut down already
            }
        }
    }

    /** What an invocation came to. */
    record Outcome(boolean delivered, boolean retryable, String errorCode, String errorMessage) {
        static final Outcome DELIVERED = new Outcome(true, false, null, null);

        static Outcome failed(boolean retryable, String code, String message) {
            return new Outcome(false, retryable, code, message);
        }
    }

    /** Nanoseconds to wait before {@code destination} may be invoked again; 0 when it may now (and the call is counted). */
    long throttle(ApiDestination destination) {
        return limiters.computeIfAbsent(destination.name(), n -> new RateLimiter(destination.invocationRateLimitPerSecond()))
                .acquire(destination.invocationRateLimitPerSecond());
    }

    CompletableFuture<Outcome> invoke(ApiDestination destination, Connection connection, String body) {
        HttpClient client;
        try {
            client = client();
        } catch (IllegalStateException closedNow) {
            return CompletableFuture.completedFuture(Outcome.failed(true, Delivery.INTERNAL_ERROR, closedNow.getMessage()));
        }
        CompletableFuture<String> authorization = authorization(client, connection);
        return authorization.thenCompose(header -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(destination.endpoint()).timeout(TIMEOUT)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Amazon/EventBridge/ApiDestinations");
            if (connection.authorization() instanceof Connection.ApiKey key) {
                request.header(key.name(), key.value());
            } else {
                request.header("Authorization", header);
            }
            boolean hasBody = !destination.httpMethod().equals("GET") && !destination.httpMethod().equals("HEAD");
            request.method(destination.httpMethod(), hasBody ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                    : HttpRequest.BodyPublishers.noBody());
            return client.sendAsync(request.build(), Webhooks::errorText);
        }).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                return Outcome.failed(true, cause instanceof java.net.http.HttpTimeoutException ? Delivery.TIMEOUT : Delivery.CONNECTION_FAILURE,
                        destination.endpoint() + ": " + cause);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.DELIVERED;
            }
            if (status == 401) {
                tokens.remove(connection.name()); // an expired or revoked token: fetch a new one for the retry
            }
            // EventBridge retries 401, 407, 409, 429 and 5xx, and no other answer.
            boolean retryable = status == 401 || status == 407 || status == 409 || status == 429 || status >= 500;
            String text = response.body() == null ? "" : response.body();
            return Outcome.failed(retryable, status == 429 ? Delivery.THROTTLING : Delivery.SDK_CLIENT_ERROR, "HTTP " + status + " from " + destination.httpMethod() + " " + destination.endpoint()
                    + (text.isEmpty() ? "" : ": " + (text.length() > ERROR_TEXT ? text.substring(0, ERROR_TEXT) + "..." : text)));
        });
    }

    /**
     * An answer's body as the dead letter uses it: nothing for a 2xx (discarded as it arrives), else
     * its first {@value #ERROR_TEXT} + 1 bytes (one more tells that there was more), after which the
     * rest is not read: an endpoint answering a large or endless body holds no memory and no time.
     */
    static HttpResponse.BodySubscriber<String> errorText(HttpResponse.ResponseInfo info) {
        if (info.statusCode() / 100 == 2) {
            return HttpResponse.BodySubscribers.replacing("");
        }
        return new FirstBytes(ERROR_TEXT + 1);
    }

    /** Keeps the first {@code limit} bytes of a body, then cancels the rest. */
    private static final class FirstBytes implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] kept;
        private int size;
        private java.util.concurrent.Flow.Subscription subscription;

        FirstBytes(int limit) {
            this.kept = new byte[limit];
        }

        @Override
        public java.util.concurrent.CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> item) {
            for (java.nio.ByteBuffer buffer : item) {
                int n = Math.min(buffer.remaining(), kept.length - size);
                buffer.get(kept, size, n);
                size += n;
            }
            if (size >= kept.length) {
                subscription.cancel();
                complete();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            complete(); // what came before the error still tells the status's story
        }

        @Override
        public void onComplete() {
            complete();
        }

        private void complete() {
            // may cut a UTF-8 sequence at the end: the decoder replaces it
            result.complete(new String(kept, 0, size, StandardCharsets.UTF_8));
        }
    }

    /** The Authorization header's value (unused for API keys). */
    private CompletableFuture<String> authorization(HttpClient client, Connection connection) {
        Connection.Authorization authorization = connection.authorization();
        if (authorization instanceof Connection.Basic basic) {
            return CompletableFuture.completedFuture(basic(basic.username(), basic.password()));
        }
        if (authorization instanceof Connection.OAuthClientCredentials oauth) {
            Token token = tokens.get(connection.name());
            if (token != null && System.nanoTime() - token.expiresNanos < 0) {
                return CompletableFuture.completedFuture("Bearer " + token.value);
            }
            return fetchToken(client, connection.name(), oauth).thenApply(value -> "Bearer " + value);
        }
        return CompletableFuture.completedFuture("");
    }

    /** A client-credentials grant (RFC 6749 section 4.4), the client authenticated with basic authentication. */
    private CompletableFuture<String> fetchToken(HttpClient client, String connection, Connection.OAuthClientCredentials oauth) {
        String form = "grant_type=client_credentials" + (oauth.scope() == null ? "" : "&scope=" + URLEncoder.encode(oauth.scope(), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(oauth.authorizationEndpoint()).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", basic(oauth.clientId(), oauth.clientSecret()))
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("the OAuth token endpoint " + oauth.authorizationEndpoint() + " answered HTTP "
                        + response.statusCode());
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(response.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the OAuth token endpoint " + oauth.authorizationEndpoint() + " answered no JSON", e);
            }
            JsonNode token = answer == null ? null : answer.get("access_token");
            if (token == null || !token.isTextual()) {
                throw new IllegalStateException("the OAuth token endpoint " + oauth.authorizationEndpoint() + " answered no access_token");
            }
            long expiresIn = answer.path("expires_in").asLong(3600);
            long keepSeconds = Math.max(0, expiresIn - 60);
            tokens.put(connection, new Token(token.textValue(), System.nanoTime() + Duration.ofSeconds(keepSeconds).toNanos()));
            return token.textValue();
        });
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private record Token(String value, long expiresNanos) {
    }

    /** A token bucket of one second's invocations. */
    private static final class RateLimiter {
        private double available;
        private long last = System.nanoTime();

        RateLimiter(int perSecond) {
            this.available = perSecond;
        }

        synchronized long acquire(int perSecond) {
            long now = System.nanoTime();
            available = Math.min(perSecond, available + (now - last) / 1e9 * perSecond);
            last = now;
            if (available >= 1) {
                available -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - available) / perSecond * 1e9);
        }
    }

}
