package dev.monitor.cli;

import picocli.CommandLine.Command;

/**
 * {@code monitor events ...}: the verbs of {@code aws events} and {@code aws schemas}, offline or over
 * what a monitor's event buses wrote under {@code <data-dir>/events}. Each family of verbs is its own
 * class ({@link SchemaCommands} for the schema registry).
 */
@Command(name = "events", description = "Event buses: patterns and schedules evaluated offline, and the schemas discovered from their events, under <data-dir>/events.",
        subcommands = {EventPatternCommands.TestEventPattern.class, ScheduleCommands.NextFireTimes.class,
                SchemaCommands.ListSchemas.class, SchemaCommands.DescribeSchema.class, SchemaCommands.ExportSchema.class,
                SchemaCommands.GetCodeBinding.class},
        mixinStandardHelpOptions = true)
final class EventsCommands {
}
