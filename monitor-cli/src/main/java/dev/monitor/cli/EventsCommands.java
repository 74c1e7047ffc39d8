package dev.monitor.cli;

import picocli.CommandLine.Command;

/** {@code monitor events ...}: EventBridge verbs that work offline. */
@Command(name = "events", description = "EventBridge schedules, evaluated offline.",
        subcommands = {ScheduleCommands.NextFireTimes.class}, mixinStandardHelpOptions = true)
final class EventsCommands {
}
