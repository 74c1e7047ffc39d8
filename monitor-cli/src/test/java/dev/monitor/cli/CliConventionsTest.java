package dev.monitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What every verb shares: help a user can read, a description for every option, and exit statuses
 * as the AWS CLI's (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html:
 * 252 for a command line that cannot run, 255 for a command that failed).
 */
class CliConventionsTest {
    @TempDir
    Path dir;

    private static List<CommandLine> everyCommand(CommandLine command) {
        List<CommandLine> all = new ArrayList<>(List.of(command));
        command.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    @Test
    void everyOptionOfEveryVerbHasADescription() {
        List<String> bare = new ArrayList<>();
        for (CommandLine command : everyCommand(MonitorCli.commandLine())) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (String.join("", option.description()).isBlank()) {
                    bare.add(command.getCommandSpec().qualifiedName() + " " + option.longestName());
                }
            }
        }
        assertEquals(List.of(), bare);
    }

    @Test
    void helpIsReadable() {
        for (CommandLine command : everyCommand(MonitorCli.commandLine())) {
            String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = command.getCommandSpec().qualifiedName();
            assertFalse(usage.contains("[<"), name + " repeats an option's value in brackets:\n" + usage);
            assertTrue(usage.lines().count() < 40, name + " has " + usage.lines().count() + " lines:\n" + usage);
            usage.lines().forEach(line -> assertTrue(line.length() <= 80, name + ": " + line));
        }
        CliRun startQuery = new CliRun();
        assertEquals(0, startQuery.run("logs", "start-query", "--help"));
        assertTrue(startQuery.out().startsWith("Usage: monitor logs start-query --log-group-names GROUP... --query-string QUERY"),
                startQuery.out());
        assertTrue(startQuery.out().contains("The end of the range, inclusive"), startQuery.out());
    }

    @Test
    void helpAndVersionWork() {
        CliRun help = new CliRun();
        assertEquals(0, help.run("help"));
        assertTrue(help.out().contains("metrics") && help.out().contains("audit"), help.out());
        CliRun nounHelp = new CliRun();
        assertEquals(0, nounHelp.run("help", "logs"));
        assertTrue(nounHelp.out().contains("start-query"), nounHelp.out());
        CliRun verbHelp = new CliRun();
        assertEquals(0, verbHelp.run("logs", "help", "test-metric-filter"));
        assertTrue(verbHelp.out().contains("--log-event-messages MESSAGE..."), verbHelp.out());
        CliRun version = new CliRun();
        assertEquals(0, version.run("--version"));
        assertTrue(version.out().startsWith("monitor "), version.out());
        CliRun nothing = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, nothing.run());
        assertTrue(nothing.err().contains("monitor: error: Missing required subcommand"), nothing.err());
    }

    /** A verb that fails as no verb should, to see what the user sees. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("the index is in a state it cannot be in",
                    new java.io.IOException("disk on fire"));
        }
    }

    private static String runWithBoom(boolean debug, int[] status) {
        CommandLine commandLine = MonitorCli.commandLine();
        commandLine.addSubcommand("boom", new Boom());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        status[0] = debug ? commandLine.execute("boom", "--debug") : commandLine.execute("boom");
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnexpectedFailureIsOneErrorLineAndExit255() {
        int[] status = new int[1];
        String err = runWithBoom(false, status);
        assertEquals(MonitorCli.FAILED, status[0]);
        assertTrue(err.startsWith("monitor: error: the index is in a state it cannot be in: disk on fire\n"), err);
        assertFalse(err.contains("\tat "), err);

        String debug = runWithBoom(true, status);
        assertEquals(MonitorCli.FAILED, status[0]);
        assertTrue(debug.contains("java.lang.IllegalStateException") && debug.contains("\tat "), "--debug prints the trace: " + debug);
    }

    @Test
    void missingAlarmFilesSayWhatTheyAreForAndWhereTheyWereLookedFor() throws Exception {
        Path alarm = dir.resolve("alarm.json");
        CliRun cli = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, cli.run("alarms", "evaluate", "--alarm", alarm.toString(), "--datapoints",
                dir.resolve("points.json").toString()));
        assertTrue(cli.err().contains("--alarm: the alarm definition (PutMetricAlarm's JSON) was looked for at " + alarm
                + ", which does not exist"), cli.err());
        assertTrue(cli.err().contains("--datapoints: the datapoints to replay (a JSON array) was looked for at "
                + dir.resolve("points.json") + ", which does not exist"), cli.err());

        Files.createDirectory(alarm);
        Files.write(dir.resolve("points.json"), new byte[] {'[', (byte) 0xFF, ']'});
        CliRun damaged = new CliRun();
        assertEquals(MonitorCli.USAGE_ERROR, damaged.run("alarms", "evaluate", "--alarm", alarm.toString(), "--datapoints",
                dir.resolve("points.json").toString()));
        assertTrue(damaged.err().contains(alarm + ", which is not a file"), damaged.err());
        assertTrue(damaged.err().contains("the datapoints to replay (a JSON array) is not readable JSON: "), damaged.err());
        assertTrue(damaged.err().contains("(line 1, column "), damaged.err());
    }

    @Test
    void aDataDirThatIsMissingOrEmptyIsAnErrorNamingTheFolderForEveryVerb() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        List<List<String>> verbs = List.of(
                List.of("metrics", "get-statistics", "--namespace", "Shop", "--metric-name", "Orders", "--statistics", "Sum",
                        "--period", "60", "--start-time", "2026-11-22T10:00:00Z", "--end-time", "2026-11-22T11:00:00Z"),
                List.of("logs", "start-query", "--log-group-names", "/monitor/Shop", "--start-time", "2026-11-22T10:00:00Z",
                        "--end-time", "2026-11-22T11:00:00Z", "--query-string", "fields @message"),
                List.of("traces", "get-service-graph"),
                List.of("traces", "get-trace-summaries"),
                List.of("audit", "lookup-events"),
                List.of("audit", "validate-logs", "--start-time", "2026-11-22T10:00:00Z"));
        List<String> wrong = new ArrayList<>();
        for (List<String> verb : verbs) {
            String name = verb.get(0) + " " + verb.get(1);
            for (Path dataDir : List.of(dir.resolve("missing"), dir.resolve("empty"))) {
                List<String> args = new ArrayList<>(verb);
                args.addAll(List.of("--data-dir", dataDir.toString()));
                CliRun cli = new CliRun();
                int status = cli.run(args.toArray(String[]::new));
                if (status != MonitorCli.USAGE_ERROR || !cli.out().isEmpty() || !cli.err().contains(dataDir.toString())
                        || !cli.err().contains("to read: the folder ")) {
                    wrong.add(name + " over " + dataDir.getFileName() + " exited " + status + ": " + cli.err() + cli.out());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }
}
