package dev.monitor.aws.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * S3 as the SDK speaks to it at a loopback endpoint with path-style addressing
 * ({@code PUT /<bucket>/<key>}, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html):
 * each PutObject decoded (the {@code aws-chunked} content encoding the SDK may use for a body
 * with a trailing checksum undone, https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html),
 * and errors in S3's REST-XML shape.
 */
final class FakeS3 {
    private FakeS3() {
    }

    /** One PutObject: bucket, key, its headers and its decoded body. */
    record Put(String bucket, String key, Loopback.Request request, byte[] body) {
        String header(String name) {
            return request.header(name);
        }

        String gunzipped() throws IOException {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    static Loopback.Response ok() {
        return new Loopback.Response(200, Map.of("ETag", "\"9b2cf535f27731c974343645a3985328\""), new byte[0]);
    }

    static Loopback.Response error(int status, String code, String message) {
        return Loopback.Response.of(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>" + message + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>");
    }

    /** Every PutObject received, in order. */
    static List<Put> puts(Loopback loopback) {
        return loopback.requests.stream().filter(r -> r.method().equals("PUT")).map(FakeS3::put).toList();
    }

    static Put put(Loopback.Request request) {
        String path = request.path().substring(1);
        int slash = path.indexOf('/');
        String bucket = path.substring(0, slash);
        String key = URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        return new Put(bucket, key, request, body(request));
    }

    /** The object's bytes: as sent, or the chunks of an aws-chunked body joined. */
    static byte[] body(Loopback.Request request) {
        String encoding = request.header("Content-Encoding");
        String sha = request.header("x-amz-content-sha256");
        boolean chunked = (encoding != null && encoding.contains("aws-chunked")) || (sha != null && sha.startsWith("STREAMING-"));
        if (!chunked) {
            return request.body();
        }
        byte[] in = request.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(in, at);
            String header = new String(in, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? header.trim() : header.substring(0, semicolon).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break; // trailers follow
            }
            out.write(in, at, size);
            at += size + 2;
        }
        int declared = Integer.parseInt(request.header("x-amz-decoded-content-length"));
        if (declared != out.size()) {
            throw new AssertionError("aws-chunked body of " + out.size() + " bytes, declared " + declared);
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] in, int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF after offset " + from);
    }
}
