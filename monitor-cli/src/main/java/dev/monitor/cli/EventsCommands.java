package dev.monitor.cli;

import picocli.CommandLine.Command;

/**
 * {@code monitor events ...}: the verbs of {@code aws events} and {@code aws schemas}, offline or over
 * what a monitor's event buses wrote under {@code <data-dir>/events}. Each family of verbs is its own
 * class ({@link EventPatternCommands}, {@link ScheduleCommands}, {@link SchemaCommands} for the schema registry, {@link EventArchiveCommands} for archives and dead letters).
 */
@Command(name = "events", description = "Event buses: patterns and schedules evaluated offline; the schemas, archives and dead letters under <data-dir>/events.",
        subcommands = {EventPatternCommands.TestEventPattern.class, ScheduleCommands.NextFireTimes.class,
                SchemaCommands.ListSchemas.class, SchemaCommands.DescribeSchema.class, SchemaCommands.ExportSchema.class,
                SchemaCommands.GetCodeBinding.class, EventArchiveCommands.ListArchives.class, EventArchiveCommands.ListDeadLetters.class},
        mixinStandardHelpOptions = true)
final class EventsCommands {
}
