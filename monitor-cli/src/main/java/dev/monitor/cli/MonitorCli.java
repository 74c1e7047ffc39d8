package dev.monitor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code monitor.jar}: offline verbs over a monitor's data directory, shaped like the AWS CLI's
 * ({@code monitor <noun> <verb> --option value ...}), answering in the same JSON.
 */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = MonitorCli.Version.class,
        description = "Query what a Monitor wrote to its data directory, the way the AWS CLI queries AWS.",
        subcommands = {MetricsCommands.class, AlarmsCommands.class, LogsCommands.class, TracesCommands.class,
                AuditCommands.class})
public final class MonitorCli {
    /** The exit status of a command line or query the CLI cannot use, as the AWS CLI's. */
    static final int USAGE_ERROR = 252;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit status. */
    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new MonitorCli());
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, ex.getCommandLine().getErr());
            ex.getCommandLine().getErr().println("monitor: error: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return USAGE_ERROR;
        });
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MonitorCli.class.getPackage().getImplementationVersion();
            return new String[] {"monitor " + (version == null ? "(development build)" : version)};
        }
    }
}
