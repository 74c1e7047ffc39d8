package dev.monitor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How every verb answers: JSON laid out as the AWS CLI prints it (Python's {@code json.dump} with
 * {@code indent=4}: four-space indents, {@code "key": value}, {@code []} and {@code {}} when empty), problems as
 * {@code monitor: error: ...} (exit 252), and files it had to skip as {@code monitor: warning: skipped ...}.
 */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter AWS_CLI_LAYOUT = JSON.writer(awsCliPrinter());

    private Output() {
    }

    /** Prints {@code answer}; returns the success status. */
    static int json(CommandSpec spec, JsonNode answer) throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        out.println(AWS_CLI_LAYOUT.writeValueAsString(answer));
        out.flush();
        return 0;
    }

    private static DefaultPrettyPrinter awsCliPrinter() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        printer.indentArraysWith(new DefaultIndenter("    ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("    ", "\n"));
        return printer;
    }

    /** Prints each problem; returns the usage-error status. */
    static int usageError(CommandSpec spec, List<String> problems) {
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(problem -> err.println("monitor: error: " + problem));
        err.flush();
        return MonitorCli.USAGE_ERROR;
    }

    static int usageError(CommandSpec spec, String problem) {
        return usageError(spec, List.of(problem));
    }

    /** Prints one warning line for each file a verb could not read ({@code path: reason}), and answers from the rest. */
    static void skipped(CommandSpec spec, List<String> fileProblems) {
        PrintWriter err = spec.commandLine().getErr();
        fileProblems.forEach(problem -> err.println("monitor: warning: skipped " + problem));
        err.flush();
    }

    /**
     * The problem to report when {@code folder} does not exist or holds no file that {@code wanted} accepts
     * (searched below it at any depth), or null when there is something to read. {@code what} names the files
     * for the user, such as "EMF metric files (*.jsonl)".
     */
    static String nothingToRead(Path folder, String what, Predicate<Path> wanted) {
        if (!Files.isDirectory(folder)) {
            return "no " + what + " to read: the folder " + folder.toAbsolutePath().normalize() + " does not exist"
                    + " (is --data-dir the monitor's data directory?)";
        }
        try (Stream<Path> files = Files.walk(folder)) {
            if (files.anyMatch(file -> Files.isRegularFile(file) && wanted.test(file))) {
                return null;
            }
        } catch (IOException | UncheckedIOException e) {
            return "no " + what + " could be read under " + folder.toAbsolutePath().normalize() + ": " + e.getMessage();
        }
        return "no " + what + " to read: the folder " + folder.toAbsolutePath().normalize() + " holds none";
    }
}
