package dev.monitor.core.events.schemas;

import java.time.Instant;

/**
 * One schema of a registry, as ListSchemas lists it.
 *
 * @param schemaName   {@code <source>@<DetailTypeInPascalCase>}, such as {@code aws.ec2@EC2InstanceStateChangeNotification}
 * @param schemaArn    {@code arn:aws:schemas:<region>:<account>:schema/discovered-schemas/<name>}
 * @param lastModified when its latest version was created
 * @param versionCount how many versions the registry keeps of it
 */
public record SchemaSummary(String schemaName, String schemaArn, Instant lastModified, long versionCount) {
}
