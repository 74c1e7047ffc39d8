package dev.monitor.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * {@code monitor.jar}: offline verbs over a monitor's data directory, shaped like the AWS CLI's
 * ({@code monitor <noun> <verb> --option value ...}), answering in the same JSON and with the same
 * exit statuses (0 answered, 252 a command line, query or data folder it cannot use, 255 failed).
 */
@Command(name = "monitor", mixinStandardHelpOptions = true, versionProvider = MonitorCli.Version.class,
        description = "Query what a Monitor wrote to its data directory, the way the AWS CLI queries AWS.",
        footer = {"", "Exit status: 0 answered; 1 validate-logs found the trail not intact or review a finding; "
                + "252 a command line, query or data folder that cannot be used; 254 the data holds no such "
                + "thing (a schema, say); 255 the command failed."},
        subcommands = {CommandLine.HelpCommand.class, MetricsCommands.class, AlarmsCommands.class, LogsCommands.class,
                TracesCommands.class, AuditCommands.class, EventsCommands.class, DashboardsCommands.class,
                ProfilerCommands.class, HealthCommands.class, ReviewCommand.class})
public final class MonitorCli {
    /** The exit status of a command line, query or data folder the CLI cannot use, as the AWS CLI's. */
    static final int USAGE_ERROR = 252;
    /** The exit status of a command that failed for any other reason, as the AWS CLI's "command failed". */
    static final int FAILED = 255;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace after the error message.")
    boolean debug;

    public static void main(String[] args) {
        Charset console = Charset.defaultCharset();
        System.exit(run(new PrintWriter(System.out, true, console), new PrintWriter(System.err, true, console), args));
    }

    /** Runs one command line, printing to {@code out} and {@code err}, and returns its exit status. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } catch (Throwable unexpected) {
            // Errors (a stack overflow in a parser, say) pass picocli's handler: still a message, not a trace.
            return failed(commandLine, unexpected);
        }
    }

    /** The command tree with the handlers that turn every failure into an error line and an exit status. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MonitorCli());
        for (CommandLine noun : commandLine.getSubcommands().values()) {
            if (!noun.getSubcommands().isEmpty() && !noun.getSubcommands().containsKey("help")) {
                noun.addSubcommand("help", new CommandLine.HelpCommand());
            }
        }
        commandLine.setParameterExceptionHandler((ex, arguments) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("monitor: error: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            err.flush();
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((ex, failing, parseResult) -> failed(failing, ex));
        return commandLine;
    }

    private static int failed(CommandLine commandLine, Throwable failure) {
        PrintWriter err = commandLine.getErr();
        err.println("monitor: error: " + message(failure));
        if (debugRequested(commandLine)) {
            failure.printStackTrace(err);
        } else {
            err.println("monitor: run again with --debug for the stack trace");
        }
        err.flush();
        return FAILED;
    }

    /** The failure and its causes' messages, each once: "reading x failed: Unexpected end of ZLIB input stream". */
    static String message(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            String part = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(part) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(part);
            }
        }
        return text.toString();
    }

    private static boolean debugRequested(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        for (CommandLine.ParseResult parsed = root.getParseResult(); parsed != null; parsed = parsed.subcommand()) {
            if (parsed.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MonitorCli.class.getPackage().getImplementationVersion();
            return new String[] {"monitor " + (version == null ? "(development build)" : version)};
        }
    }
}
