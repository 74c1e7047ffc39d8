package dev.monitor.aws;

import dev.monitor.core.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How every AWS exporter and alarm action of this module reaches its service: the settings each
 * configuration entry of an AWS {@code type:} takes besides its own. Read with {@link #read}:
 *
 * <pre>{@code
 * exporters:
 *   - type: cloudwatch
 *     region: eu-west-1                 # default: the SDK's region chain (aws.region, AWS_REGION, profile, instance)
 *     endpoint: http://localhost:4566   # default: the service's AWS endpoint; for emulators and tests
 *     retryMode: standard               # or adaptive
 *     maxAttempts: 3                    # per call, the first included
 *     retryBaseDelay: 100ms             # the SDK's exponential backoff with full jitter from here ...
 *     retryMaxBackoff: 20s              # ... up to here
 *     connectTimeout: 2s
 *     socketTimeout: 30s
 *     callTimeout: 60s                  # a whole call, retries included
 * }</pre>
 *
 * <p>Credentials are never a setting: they come from the SDK's default chain (the system
 * properties {@code aws.accessKeyId}/{@code aws.secretAccessKey}, the environment's
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, web identity, the shared profile files,
 * the container and instance roles), so no secret is written into a monitor's configuration.
 *
 * <p>Why {@code standard} is the default retry mode: it retries throttling, 5xx and I/O errors
 * with jittered exponential backoff and stops retrying when a client-wide retry quota is spent, so
 * an outage turns into fast failures the exporter keeps in its buffer rather than a thread asleep
 * in backoff. {@code adaptive} adds client-side rate limiting that may delay even first attempts;
 * AWS recommends it only for a client that shares one throttled resource, which a monitor's
 * exporter (a request per period) is not.
 *
 * @param region          the region; null for the SDK's region chain
 * @param endpoint        the endpoint override; null for the service's endpoint in the region
 * @param retryMode       {@code standard} or {@code adaptive}
 * @param maxAttempts     attempts per call, the first included (1 to 10)
 * @param retryBaseDelay  the backoff's base delay
 * @param retryMaxBackoff the backoff's ceiling
 * @param connectTimeout  the HTTP connect timeout
 * @param socketTimeout   the HTTP read timeout
 * @param callTimeout     the bound on a whole call, retries and backoff included
 */
public record AwsClientSettings(String region, URI endpoint, String retryMode, int maxAttempts,
                                Duration retryBaseDelay, Duration retryMaxBackoff, Duration connectTimeout,
                                Duration socketTimeout, Duration callTimeout) {
    /** A region as AWS names them: {@code us-east-1}, {@code ap-southeast-2}, {@code us-gov-west-1}, {@code eusc-de-east-1}. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}");

    /** Settings that leave everything to the SDK's chains and defaults. */
    public static AwsClientSettings defaults() {
        return new AwsClientSettings(null, null, "standard", 3, Duration.ofMillis(100), Duration.ofSeconds(20),
                Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * The settings of one configuration entry; problems (a malformed region or endpoint, a region
     * that looks like a typo of a known one) are recorded in {@code settings} by key.
     */
    public static AwsClientSettings read(ConfigNode settings) {
        AwsClientSettings d = defaults();
        URI endpoint = endpoint(settings);
        String region = region(settings, endpoint != null);
        String retryMode = settings.choice("retryMode", d.retryMode, "standard", "adaptive");
        int maxAttempts = settings.integer("maxAttempts", d.maxAttempts, 1, 10);
        return new AwsClientSettings(region, endpoint, retryMode, maxAttempts,
                settings.duration("retryBaseDelay", d.retryBaseDelay), settings.duration("retryMaxBackoff", d.retryMaxBackoff),
                settings.duration("connectTimeout", d.connectTimeout), settings.duration("socketTimeout", d.socketTimeout),
                settings.duration("callTimeout", d.callTimeout));
    }

    /** These settings with {@code endpoint} as the endpoint override. */
    public AwsClientSettings withEndpoint(URI endpoint) {
        return new AwsClientSettings(region, endpoint, retryMode, maxAttempts, retryBaseDelay, retryMaxBackoff,
                connectTimeout, socketTimeout, callTimeout);
    }

    /** These settings with {@code region}. */
    public AwsClientSettings withRegion(String region) {
        return new AwsClientSettings(region, endpoint, retryMode, maxAttempts, retryBaseDelay, retryMaxBackoff,
                connectTimeout, socketTimeout, callTimeout);
    }

    private static URI endpoint(ConfigNode settings) {
        String text = settings.string("endpoint", null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the rule it breaks
        }
        settings.problem("endpoint", "'" + text + "' is not an http:// or https:// URL with a host, such as http://localhost:4566");
        return null;
    }

    private static String region(ConfigNode settings, boolean endpointGiven) {
        String region = settings.string("region", null);
        if (region == null) {
            return null;
        }
        if (!REGION.matcher(region).matches()) {
            settings.problem("region", "'" + region + "' is not a region name such as us-east-1 or eu-west-2"
                    + suggestion(region));
            return null;
        }
        String near = endpointGiven ? null : Regions.nearestKnown(region);
        if (near != null) {
            settings.problem("region", "'" + region + "' is not a region the AWS SDK knows; did you mean " + near + "?");
            return null;
        }
        return region;
    }

    private static String suggestion(String region) {
        String lower = region.toLowerCase(Locale.ROOT).trim();
        String near = Regions.isKnown(lower) ? lower : Regions.nearestKnown(lower);
        return near == null ? "" : "; did you mean " + near + "?";
    }
}
