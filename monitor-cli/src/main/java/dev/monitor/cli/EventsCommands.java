package dev.monitor.cli;

import picocli.CommandLine.Command;

/**
 * {@code monitor events ...}: the verbs of {@code aws events} and {@code aws schemas}, offline:
 * event patterns tested, schedule expressions evaluated, and what a monitor's event buses wrote
 * under {@code <data-dir>/events}. Each family of verbs is its own class
 * ({@link EventPatternCommands}, {@link ScheduleCommands}, {@link SchemaCommands}).
 */
@Command(name = "events", description = "Event buses offline: patterns, schedule expressions, and the schemas discovered under <data-dir>/events.",
        subcommands = {EventPatternCommands.TestEventPattern.class, ScheduleCommands.NextFireTimes.class,
                SchemaCommands.ListSchemas.class, SchemaCommands.DescribeSchema.class, SchemaCommands.ExportSchema.class,
                SchemaCommands.GetCodeBinding.class},
        mixinStandardHelpOptions = true)
final class EventsCommands {
}
