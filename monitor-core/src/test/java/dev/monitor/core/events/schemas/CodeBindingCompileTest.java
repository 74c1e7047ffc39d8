package dev.monitor.core.events.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java17 code binding is source an application compiles and deserializes its events into with
 * Jackson, as the registry's Java code bindings are
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-schema-code-bindings.html): compiled here
 * in-process with javac (lint warnings as errors, only jackson-annotations on the class path), loaded,
 * and fed the sample events with a default ObjectMapper.
 */
class CodeBindingCompileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Compiles the binding of {@code schemaName} and loads its AWSEvent class. */
    private Class<?> compile(SchemaRegistry registry, String schemaName) throws Exception {
        String source = registry.codeBindingSource(schemaName, null, "Java17");
        String packageName = registry.codeBindingPackage(schemaName);
        assertTrue(source.startsWith("package " + packageName + ";\n"), source);
        Path file = dir.resolve("src").resolve(packageName.replace('.', File.separatorChar)).resolve("AWSEvent.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String annotations = Path.of(JsonProperty.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-Xlint:all", "-Werror", "-classpath", annotations, "-d", classes.toString()), null,
                    files.getJavaFileObjects(file)).call();
            assertTrue(compiled, diagnostics.getDiagnostics() + "\n" + source);
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass(packageName + ".AWSEvent");
    }

    /** The value at {@code path} of record accessors, such as {@code detail, instanceId}. */
    private static Object get(Object record, String... path) throws Exception {
        Object value = record;
        for (String accessor : path) {
            Method method = value.getClass().getMethod(accessor);
            value = method.invoke(value);
        }
        return value;
    }

    @Test
    void theEc2StateChangeDeserializesIntoItsRecords() throws Exception {
        SchemaRegistry registry = SchemaRegistry.builder().build();
        registry.observe(SampleEvents.EC2_STATE_CHANGE);
        String name = "aws.ec2@EC2InstanceStateChangeNotification";
        String source = registry.codeBindingSource(name, null, "Java17");
        assertTrue(source.contains("@JsonProperty(\"detail-type\") String detailType"), source);
        assertTrue(source.contains("public static record EC2InstanceStateChangeNotification("), source);
        assertEquals("schema.aws.ec2.ec2instancestatechangenotification", registry.codeBindingPackage(name));

        Class<?> type = compile(registry, name);
        Object event = JSON.readValue(SampleEvents.EC2_STATE_CHANGE, type);
        assertTrue(type.isRecord());
        assertEquals("EC2 Instance State-change Notification", get(event, "detailType"));
        assertEquals("aws.ec2", get(event, "source"));
        assertEquals("2021-11-11T21:29:54Z", get(event, "time"));
        assertEquals(List.of("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"), get(event, "resources"));
        assertEquals("i-abcd1111", get(event, "detail", "instanceId"));
        assertEquals("pending", get(event, "detail", "state"));
        assertEquals("EC2InstanceStateChangeNotification", get(event, "detail").getClass().getSimpleName());

        // a later event with a field the binding does not know still reads
        Object later = JSON.readValue(SampleEvents.EC2_STATE_CHANGE.replace("\"state\":", "\"reason\":\"user\",\"state\":"), type);
        assertEquals("pending", get(later, "detail", "state"));
    }

    @Test
    void aCloudTrailApiCallDeserializesThroughEveryNestedRecord() throws Exception {
        SchemaRegistry registry = SchemaRegistry.builder().build();
        registry.observe(SampleEvents.CLOUDTRAIL_API_CALL);
        registry.observe(SampleEvents.CLOUDTRAIL_API_CALL.replace("\"responseElements\": null", "\"responseElements\": {\"location\": \"/b\"}"));
        Class<?> type = compile(registry, "aws.s3@AWSAPICallViaCloudTrail");

        Object event = JSON.readValue(SampleEvents.CLOUDTRAIL_API_CALL, type);
        assertEquals("2019-03-14T16:53:52Z", get(event, "detail", "userIdentity", "sessionContext", "attributes", "creationDate"));
        assertEquals("Root", get(event, "detail", "userIdentity", "type"));
        assertEquals(List.of("s3.amazonaws.com"), get(event, "detail", "requestParameters", "Host"));
        assertEquals("EXAMPLE", get(event, "detail", "additionalEventData", "xAmzId2"));
        assertEquals(0, get(event, "detail", "additionalEventData", "bytesTransferredIn"));
        assertEquals(Boolean.FALSE, get(event, "detail", "readOnly"));
        assertEquals(Boolean.TRUE, get(event, "detail", "managementEvent"));
        assertNull(get(event, "detail", "responseElements"));
        assertEquals(List.of(), get(event, "resources"));

        Object withResponse = JSON.readValue(SampleEvents.CLOUDTRAIL_API_CALL.replace("\"responseElements\": null",
                "\"responseElements\": {\"location\": \"/b\"}"), type);
        assertEquals("/b", get(withResponse, "detail", "responseElements", "location"));
    }

    /** Names Java cannot take as they are, every kind of value, arrays of objects and unions. */
    @Test
    void awkwardNamesAndMixedTypesStillCompileAndBind() throws Exception {
        String event = """
                {"version": "0", "id": "1", "detail-type": "order.placed/v2", "source": "com.example-shop.orders", "account": "123456789012",
                 "time": "2026-12-02T10:00:00Z", "region": "eu-west-1", "resources": [],
                 "detail": {"class": "gold", "hashCode": 7, "1st": true, "a b": "space", "we\\"ird\\\\": "quote", "caf\u00e9": "ok",
                            "total": 12.5, "big": 9007199254740993, "tags": {}, "mixed": "one",
                            "lines": [{"sku": "A-1", "qty": 2, "String": {"x": 1}}], "matrix": [[1, 2], [3]], "nothing": null}}
                """;
        String second = event.replace("\"mixed\": \"one\"", "\"mixed\": 2");
        SchemaRegistry registry = SchemaRegistry.builder().build();
        registry.observe(event);
        registry.observe(second);
        String name = "com.example-shop.orders@OrderPlacedV2";
        assertEquals(List.of(name), registry.listSchemas(null).stream().map(SchemaSummary::schemaName).toList());
        Class<?> type = compile(registry, name);
        assertEquals("schema.com.example_shop.orders.orderplacedv2", type.getPackageName());

        Object read = JSON.readValue(event, type);
        assertEquals("gold", get(read, "detail", "class_"));
        assertEquals(7, get(read, "detail", "hashCode_"));
        assertEquals(Boolean.TRUE, get(read, "detail", "_1st"));
        assertEquals("space", get(read, "detail", "aB"));
        assertEquals("quote", get(read, "detail", "weIrd"));
        assertEquals("ok", get(read, "detail", "caf"), "letters outside ASCII separate words");
        assertEquals(12.5, get(read, "detail", "total"));
        assertEquals(9007199254740993L, get(read, "detail", "big"));
        assertEquals(Map.of(), get(read, "detail", "tags"));
        assertEquals("one", get(read, "detail", "mixed"));
        assertEquals(2, ((Number) get(JSON.readValue(second, type), "detail", "mixed")).intValue());
        List<?> lines = (List<?>) get(read, "detail", "lines");
        assertEquals("A-1", get(lines.get(0), "sku"));
        assertEquals(2, get(lines.get(0), "qty"));
        assertEquals(1, get(lines.get(0), "String", "x"));
        assertEquals(List.of(List.of(1, 2), List.of(3)), get(read, "detail", "matrix"));
        assertNull(get(read, "detail", "nothing"));
    }

    /** Names of types and packages Java reserves: keywords, digits first, the names the source itself uses. */
    @Test
    void reservedTypeAndPackageNamesAreRenamed() throws Exception {
        String event = """
                {"version": "0", "id": "2", "detail-type": "404 not found", "source": "com.class.9lives", "account": "123456789012",
                 "time": "2026-12-02T10:00:00Z", "region": "eu-west-1", "resources": [],
                 "detail": {"AWSEvent": {"id": "inner"}, "string": {"v": "s"}, "string2": {"w": 2}, "Object": {"o": false}}}
                """;
        SchemaRegistry registry = SchemaRegistry.builder().build();
        registry.observe(event);
        String name = "com.class.9lives@Type404NotFound";
        Class<?> type = compile(registry, name);
        assertEquals("schema.com.class_._9lives.type404notfound", type.getPackageName());
        Object read = JSON.readValue(event, type);
        assertEquals("inner", get(read, "detail", "AWSEvent", "id"));
        assertEquals("s", get(read, "detail", "string", "v"));
        assertEquals(2, get(read, "detail", "string2", "w"));
        assertEquals(Boolean.FALSE, get(read, "detail", "Object", "o"));
        assertEquals("Type404NotFound", get(read, "detail").getClass().getSimpleName());
    }
}
