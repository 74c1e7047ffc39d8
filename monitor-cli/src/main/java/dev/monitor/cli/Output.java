package dev.monitor.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.monitor.core.syntax.ParseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How every verb answers: JSON laid out as the AWS CLI prints it (Python's {@code json.dump} with
 * {@code indent=4}: four-space indents, {@code "key": value}, {@code []} and {@code {}} when empty), problems as
 * {@code monitor: error: ...} (exit 252), and files it had to skip as {@code monitor: warning: skipped ...}. Text in
 * any of Monitor's languages that cannot be parsed is shown alike: the message, then the line and a caret under the
 * column.
 */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter AWS_CLI_PRINTER = awsCliPrinter();

    private Output() {
    }

    /** Prints {@code answer}; returns the success status. */
    static int json(CommandSpec spec, JsonNode answer) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println(awsCliJson(answer));
        out.flush();
        return 0;
    }

    /** Prints {@code answer}, a JSON document such as a response the X-Ray API gives; returns the success status. */
    static int json(CommandSpec spec, String answer) throws IOException {
        return json(spec, JSON.readTree(answer));
    }

    /** {@code answer} as the AWS CLI prints a response, numbers included (1e-06 and 12345678.0, as Python writes them). */
    static String awsCliJson(JsonNode answer) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = new JsonGeneratorDelegate(JSON.getFactory().createGenerator(text), false) {
            @Override
            public void writeNumber(double value) throws IOException {
                if (Double.isFinite(value)) {
                    delegate.writeNumber(pythonRepr(value));
                } else {
                    delegate.writeNumber(value);
                }
            }
        }) {
            generator.setPrettyPrinter(AWS_CLI_PRINTER.createInstance());
            JSON.writeTree(generator, answer);
        }
        return text.toString();
    }

    /** Python's {@code repr(float)}: fixed notation for decimal exponents -4 to 15, else {@code 1.5e-06}, {@code 1e+16}. */
    static String pythonRepr(double value) {
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = shortest(value);
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = value < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    private static DefaultPrettyPrinter awsCliPrinter() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""));
        printer.indentArraysWith(new DefaultIndenter("    ", "\n"));
        printer.indentObjectsWith(new DefaultIndenter("    ", "\n"));
        return printer;
    }

    /** The fewest significant digits that read back as {@code value} (Java 17's Double.toString sometimes gives more). */
    private static BigDecimal shortest(double value) {
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits < 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return rounded.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
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

    /**
     * {@code option}'s problem as {@link #usageError} prints it: {@code --option: message} ({@code option} may be null
     * when the problem names its source), and when the text could not be parsed, its line and a caret under the
     * column on the two lines below, indented.
     */
    static String problem(String option, IllegalArgumentException e) {
        String message = (option == null ? "" : option + ": ") + e.getMessage();
        if (e instanceof ParseException parse) {
            return message + "\n" + CARET_INDENT + parse.sourceLine() + "\n" + CARET_INDENT + parse.caret();
        }
        return message;
    }

    /** Where the caret lines start: under the message, apart from it. */
    private static final String CARET_INDENT = "    ";

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
