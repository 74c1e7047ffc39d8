package dev.monitor.xray;

import java.util.Map;

/**
 * What a sampling decision looks at, as X-Ray's sampling rules name it
 * (https://docs.aws.amazon.com/xray/latest/api/API_SamplingRule.html): the service's name (the
 * segment's), the request's host, HTTP method and URL path, the service's type (its segments'
 * {@code origin}, such as {@code AWS::EC2::Instance}), the ARN of the resource it runs on, and
 * attributes derived from the request. Any part may be null (matched as the empty text, so only
 * {@code *} matches it); {@code attributes} null is none.
 */
public record SamplingRequest(String serviceName, String host, String httpMethod, String urlPath, String serviceType,
                              String resourceArn, Map<String, String> attributes) {

    public SamplingRequest {
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** A request of {@code serviceName} to {@code host}, {@code httpMethod} and {@code urlPath}, nothing else known. */
    public static SamplingRequest of(String serviceName, String host, String httpMethod, String urlPath) {
        return new SamplingRequest(serviceName, host, httpMethod, urlPath, null, null, Map.of());
    }

    /** This request with the service's type and resource ARN where it has none. */
    public SamplingRequest withService(String type, String arn) {
        if ((serviceType != null || type == null) && (resourceArn != null || arn == null)) {
            return this;
        }
        return new SamplingRequest(serviceName, host, httpMethod, urlPath, serviceType != null ? serviceType : type,
                resourceArn != null ? resourceArn : arn, attributes);
    }
}
