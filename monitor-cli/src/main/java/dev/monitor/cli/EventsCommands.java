package dev.monitor.cli;

import picocli.CommandLine.Command;

/** {@code monitor events ...}: EventBridge verbs that work offline. */
@Command(name = "events", description = "EventBridge event patterns and schedules, evaluated offline.",
        subcommands = {EventPatternCommands.TestEventPattern.class, ScheduleCommands.NextFireTimes.class}, mixinStandardHelpOptions = true)
final class EventsCommands {
}
