package dev.monitor.aws.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The id of the EC2 instance this process runs on, from the instance metadata service with
 * IMDSv2 (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html):
 * {@code PUT /latest/api/token} with {@code X-aws-ec2-metadata-token-ttl-seconds}, then
 * {@code GET /latest/meta-data/instance-id} with the token in {@code X-aws-ec2-metadata-token}.
 * The endpoint is {@code http://169.254.169.254} unless the SDK's setting overrides it (the
 * system property {@code aws.ec2MetadataServiceEndpoint} or the environment's
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}). Off EC2 the service does not answer within a second:
 * that is an error saying so.
 */
final class InstanceMetadata {
    static final URI DEFAULT_ENDPOINT = URI.create("http://169.254.169.254");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final URI endpoint;
    private final HttpClient http;

    InstanceMetadata(URI endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** The endpoint of the SDK's settings, else the link-local address. */
    static URI configuredEndpoint() {
        String property = System.getProperty("aws.ec2MetadataServiceEndpoint");
        String env = System.getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
        String value = property != null && !property.isBlank() ? property : env;
        return value == null || value.isBlank() ? DEFAULT_ENDPOINT : URI.create(value.trim());
    }

    /**
     * The instance id, such as {@code i-0123456789abcdef0}.
     *
     * @throws IllegalStateException when this process is not on an EC2 instance (no answer, or not IMDSv2's)
     */
    String instanceId() {
        String base = endpoint.toString().replaceAll("/+$", "");
        try {
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/latest/api/token"))
                    .timeout(TIMEOUT).header("X-aws-ec2-metadata-token-ttl-seconds", "60")
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (token.statusCode() != 200 || token.body().isBlank()) {
                throw notOnEc2("PUT /latest/api/token answered " + token.statusCode());
            }
            HttpResponse<String> id = http.send(HttpRequest.newBuilder(URI.create(base + "/latest/meta-data/instance-id"))
                    .timeout(TIMEOUT).header("X-aws-ec2-metadata-token", token.body().trim()).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String instance = id.body().trim();
            if (id.statusCode() != 200 || !instance.matches("i-[0-9a-f]{8,17}")) {
                throw notOnEc2("GET /latest/meta-data/instance-id answered " + id.statusCode() + " '" + abbreviate(instance) + "'");
            }
            return instance;
        } catch (IOException e) {
            throw notOnEc2("it did not answer (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notOnEc2("interrupted");
        }
    }

    private IllegalStateException notOnEc2(String what) {
        return new IllegalStateException("an EC2 alarm action acts on the instance this application runs on, but this is "
                + "not an EC2 instance with IMDSv2: the instance metadata service at " + endpoint + ": " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
