package dev.monitor.core.events;

import dev.monitor.core.internal.EventBridgeNames;
import java.net.URI;
import java.util.Objects;

/**
 * How API destinations authorize their requests, as an EventBridge connection: basic
 * authentication, an API key header, or OAuth client credentials (the token is fetched from the
 * authorization endpoint, kept until it expires, and fetched again when the endpoint answers 401).
 *
 * @param name          the connection's name, which API destinations refer to
 * @param authorization how requests are authorized
 */
public record Connection(String name, Authorization authorization) {
    public Connection {
        EventBridgeNames.check("connection", name);
        Objects.requireNonNull(authorization, "authorization");
    }

    /** One of EventBridge's authorization types. */
    public sealed interface Authorization permits Basic, ApiKey, OAuthClientCredentials {
    }

    /** {@code BASIC}: an {@code Authorization: Basic} header of the user name and password. */
    public record Basic(String username, String password) implements Authorization {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=(secret)]";
        }
    }

    /** {@code API_KEY}: a header of this name with this value. */
    public record ApiKey(String name, String value) implements Authorization {
        public ApiKey {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isBlank() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new IllegalArgumentException("API key header name '" + name + "' is not a header name");
            }
        }

        @Override
        public String toString() {
            return "ApiKey[name=" + name + ", value=(secret)]";
        }
    }

    /**
     * {@code OAUTH_CLIENT_CREDENTIALS}: a bearer token from {@code authorizationEndpoint}, asked for
     * with a POST of {@code grant_type=client_credentials} (and {@code scope} when given) and the
     * client id and secret as basic authentication.
     */
    public record OAuthClientCredentials(URI authorizationEndpoint, String clientId, String clientSecret, String scope)
            implements Authorization {
        public OAuthClientCredentials {
            Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            if (!"http".equals(authorizationEndpoint.getScheme()) && !"https".equals(authorizationEndpoint.getScheme())) {
                throw new IllegalArgumentException("authorization endpoint '" + authorizationEndpoint + "' is not an http(s) URL");
            }
        }

        @Override
        public String toString() {
            return "OAuthClientCredentials[authorizationEndpoint=" + authorizationEndpoint + ", clientId=" + clientId
                    + ", clientSecret=(secret), scope=" + scope + "]";
        }
    }
}
