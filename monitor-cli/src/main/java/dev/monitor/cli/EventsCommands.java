package dev.monitor.cli;

import picocli.CommandLine.Command;

/** {@code monitor events ...}: EventBridge verbs that work offline. */
@Command(name = "events", description = "EventBridge event patterns, offline.",
        subcommands = {EventPatternCommands.TestEventPattern.class}, mixinStandardHelpOptions = true)
final class EventsCommands {
}
