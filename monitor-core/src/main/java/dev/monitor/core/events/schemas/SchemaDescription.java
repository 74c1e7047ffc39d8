package dev.monitor.core.events.schemas;

import java.time.Instant;

/**
 * One version of a schema, as DescribeSchema answers (and ExportSchema, whose {@code type} is then
 * {@code JSONSchemaDraft4}).
 *
 * @param schemaName         the schema's name
 * @param schemaArn          the schema's ARN
 * @param schemaVersion      "1", "2", ...: a new one each time the events showed a field or a type not seen before
 * @param type               {@code OpenApi3} (the registry's own format) or {@code JSONSchemaDraft4} (an export)
 * @param content            the schema document, JSON
 * @param versionCreatedDate when this version was created, on the registry's clock
 * @param lastModified       when the schema's latest version was created
 */
public record SchemaDescription(String schemaName, String schemaArn, String schemaVersion, String type, String content,
        Instant versionCreatedDate, Instant lastModified) {
}
